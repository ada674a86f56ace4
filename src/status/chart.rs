//! A small, accessible inline SVG chart of cumulative signatures and counting deposits over time,
//! with a dashed line at the number of instruments needed for entry into force.
//!
//! It is for turning participants (or points already computed) into SVG markup at build time:
//! `role="img"` with `<title>` and `<desc>`, a `viewBox` so it scales, CSS classes for every
//! colour (the site's CSS styles `chart-*`), and every inserted text XML-escaped. It is not a
//! general charting library, does no I/O, keeps no state, and does not translate: the caller
//! passes strings already localized, and formatters for dates and numbers. The plot runs left to
//! right in every language; text runs in the labels' own direction (`rtl`). The caller may also
//! wrap it in an element with `dir="ltr"`. No visible title is drawn: the page's heading or
//! figcaption is the visible one.

use super::treaty::{EntryIntoForceRule, Participant, counting_deposits};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt::Write;

use super::svg_escape as esc;

/// Strings and formatters for the chart, all already localized.
pub struct ChartLabels<'a> {
    /// Accessible name (`<title>`).
    pub title: &'a str,
    /// Text alternative (`<desc>`): say the numbers the chart shows.
    pub desc: &'a str,
    /// Horizontal axis label, e.g. "Date".
    pub x_axis: &'a str,
    /// Vertical axis label, e.g. "Number of States".
    pub y_axis: &'a str,
    /// Label of the dashed line, e.g. "40 needed for entry into force".
    pub required_line: &'a str,
    /// Legend label of the signatures line.
    pub signatures: &'a str,
    /// Legend label of the counting-deposits line.
    pub deposits: &'a str,
    /// Formats a tick date, short (up to about 14 characters), e.g. "25 Oct 2025".
    pub format_date: &'a dyn Fn(Date) -> String,
    /// Formats a tick number (for locales with their own digits).
    pub format_number: &'a dyn Fn(u32) -> String,
    /// Whether the labels are in a right-to-left script.
    pub rtl: bool,
}

const W: f64 = 640.0;
const H: f64 = 360.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 616.0;
const TOP: f64 = 64.0;
const BOTTOM: f64 = 296.0;
/// Room between the y axis and the first date, and between the last date and the right edge,
/// so the first and last steps are not hidden by the axis or the edge.
const PAD_LEFT: f64 = 12.0;
const PAD_RIGHT: f64 = 24.0;
/// Closest two inner date ticks may be, centre to centre; and an inner tick to the first or last
/// one (whose labels extend inwards from the tick). Date labels should be short ("25 Oct 2025").
const MIN_TICK_GAP: f64 = 120.0;
const EDGE_GAP: f64 = 140.0;

/// One point per date on which the number of signatures or of counting deposits changed:
/// `(date, signatures so far, counting deposits so far)`, sorted by date. Signatures include
/// organizations; deposits are those that count under `rule` (see `counting_deposits`).
/// To carry the lines on to the data's date, see [`extend_to`].
pub fn cumulative_points(rule: &EntryIntoForceRule, participants: &[Participant]) -> Vec<(Date, u32, u32)> {
    let mut per_day: BTreeMap<Date, (u32, u32)> = BTreeMap::new();
    for p in participants {
        if let Some(d) = p.signed {
            per_day.entry(d).or_default().0 += 1;
        }
    }
    for (_, d) in counting_deposits(rule, participants) {
        per_day.entry(d).or_default().1 += 1;
    }
    let (mut s, mut c) = (0u32, 0u32);
    per_day
        .into_iter()
        .map(|(d, (ds, dc))| {
            s = s.saturating_add(ds);
            c = c.saturating_add(dc);
            (d, s, c)
        })
        .collect()
}

/// Adds a last point at `as_of` with the last counts, if `as_of` is after the last point, so the
/// chart ends at the data's date rather than at the last event.
pub fn extend_to(points: &mut Vec<(Date, u32, u32)>, as_of: Date) {
    if let Some(&(last, s, c)) = points.last()
        && as_of > last
    {
        points.push((as_of, s, c));
    }
}

/// A coordinate with at most one decimal, without a trailing ".0".
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// Days from `a` to `b` (negative if b < a).
fn days(a: Date, b: Date) -> i64 {
    i64::from((b - a).get_days())
}

/// The smallest step of 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, ... giving at most 5 intervals
/// up to `max`.
fn nice_step(max: u32) -> u32 {
    let max = u64::from(max);
    let mut base = 1u64;
    loop {
        for tenths in [10u64, 20, 25, 50] {
            let step = base * tenths / 10;
            if (tenths == 25 && base == 1) || step == 0 {
                continue;
            }
            if max.div_ceil(step) <= 5 {
                return u32::try_from(step).unwrap_or(u32::MAX);
            }
        }
        base *= 10;
    }
}

/// The dates to mark on the horizontal axis: the first, the last, and month starts in between
/// (every k months, calendar-aligned), kept only where their labels have room.
fn date_ticks(first: Date, last: Date, x: &dyn Fn(Date) -> f64) -> Vec<Date> {
    if last == first {
        return vec![first];
    }
    let mut inner = Vec::new();
    let mut month = first.first_of_month();
    while month < last {
        if month > first {
            inner.push(month);
        }
        let Ok(next) = month.checked_add(jiff::Span::new().months(1)) else {
            break;
        };
        month = next;
    }
    let per_month = inner.windows(2).map(|w| x(w[1]) - x(w[0])).fold(f64::INFINITY, f64::min);
    let k = [1i32, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|&k| per_month * f64::from(k) >= MIN_TICK_GAP)
        .unwrap_or(1200);
    let mut ticks = vec![first];
    for d in inner {
        let wanted = if k >= 12 {
            d.month() == 1 && i32::from(d.year()).rem_euclid(k / 12) == 0
        } else {
            (i32::from(d.month()) - 1) % k == 0
        };
        let prev = *ticks.last().unwrap_or(&first);
        let gap = if prev == first { EDGE_GAP } else { MIN_TICK_GAP };
        if wanted && x(d) - x(prev) >= gap && x(last) - x(d) >= EDGE_GAP {
            ticks.push(d);
        }
    }
    ticks.push(last);
    ticks
}

/// Step path from the origin along the baseline, up through the points, to the right edge.
fn step_path(points: &[(Date, u32)], x: &dyn Fn(Date) -> f64, y: &dyn Fn(u32) -> f64) -> String {
    if points.is_empty() {
        return String::new();
    }
    let mut d = format!("M{} {}", num(LEFT), num(y(0)));
    for &(date, v) in points {
        let _ = write!(d, "H{}V{}", num(x(date)), num(y(v)));
    }
    let _ = write!(d, "H{}", num(RIGHT));
    d
}

fn line(s: &mut String, (x1, x2): (f64, f64), (y1, y2): (f64, f64), attrs: &str) {
    let (x1, x2, y1, y2) = (num(x1), num(x2), num(y1), num(y2));
    let _ = write!(s, r#"<line{attrs} x1="{x1}" x2="{x2}" y1="{y1}" y2="{y2}"/>"#);
}

fn text(s: &mut String, (x, y): (f64, f64), anchor: &str, attrs: &str, content: &str) {
    let (x, y, content) = (num(x), num(y), esc(content));
    let tag = format!(r#"<text{attrs} x="{x}" y="{y}" text-anchor="{anchor}">"#);
    let _ = write!(s, "{tag}{content}</text>");
}

/// Renders the chart. `points` as from [`cumulative_points`] (sorted by date; unsorted input is
/// sorted); `required` is the number of counting instruments needed (drawn as a dashed line).
pub fn cumulative_chart_svg(points: &[(Date, u32, u32)], required: u32, labels: &ChartLabels) -> String {
    let mut pts = points.to_vec();
    pts.sort_by_key(|p| p.0);
    let highest = pts.iter().map(|p| p.1.max(p.2)).max().unwrap_or(0);
    let top = highest.max(required).max(1);
    let step = nice_step(top);
    let y_ticks: Vec<u32> = (0..=top.div_ceil(step)).map(|i| i.saturating_mul(step)).collect();
    let y_max = f64::from(top.div_ceil(step)) * f64::from(step);
    let y = |v: u32| BOTTOM - (BOTTOM - TOP) * f64::from(v) / y_max;
    let first = pts.first().map(|p| p.0);
    let span = match (first, pts.last()) {
        (Some(f), Some(l)) => days(f, l.0).max(1) as f64,
        _ => 1.0,
    };
    let plot = RIGHT - PAD_RIGHT - LEFT - PAD_LEFT;
    let x = |d: Date| LEFT + PAD_LEFT + first.map_or(0.0, |f| plot * days(f, d) as f64 / span);
    // Geometric anchors expressed in the labels' own direction.
    let (at_left, at_right) = if labels.rtl { ("end", "start") } else { ("start", "end") };
    let dir = if labels.rtl { "rtl" } else { "ltr" };

    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-cumulative" viewBox="0 0 {W} {H}" role="img" direction="ltr"><title>{}</title><desc>{}</desc>"#,
        esc(labels.title),
        esc(labels.desc)
    );
    s.push_str(r#"<g class="chart-grid" aria-hidden="true">"#);
    for &v in &y_ticks {
        line(&mut s, (LEFT, RIGHT), (y(v), y(v)), "");
    }
    s.push_str(r#"</g><g class="chart-axis" aria-hidden="true">"#);
    line(&mut s, (LEFT, LEFT), (TOP, BOTTOM), "");
    line(&mut s, (LEFT, RIGHT), (BOTTOM, BOTTOM), "");
    let ticks = match (first, pts.last()) {
        (Some(f), Some(l)) => date_ticks(f, l.0, &x),
        _ => Vec::new(),
    };
    for d in &ticks {
        line(&mut s, (x(*d), x(*d)), (BOTTOM, BOTTOM + 6.0), "");
    }
    let _ = write!(s, r#"</g><g class="chart-text" font-size="12" direction="{dir}">"#);
    for &v in &y_ticks {
        let label = (labels.format_number)(v);
        text(&mut s, (LEFT - 8.0, y(v) + 4.0), at_right, "", &label);
    }
    for (i, d) in ticks.iter().enumerate() {
        let anchor = match i {
            0 if ticks.len() > 1 => at_left,
            i if i > 0 && i + 1 == ticks.len() => at_right,
            _ => "middle",
        };
        let label = (labels.format_date)(*d);
        text(&mut s, (x(*d), BOTTOM + 22.0), anchor, "", &label);
    }
    let (axis_label, mid_y) = (r#" class="chart-axis-label""#, (TOP + BOTTOM) / 2.0);
    let at = ((LEFT + RIGHT) / 2.0, BOTTOM + 50.0);
    text(&mut s, at, "middle", axis_label, labels.x_axis);
    let rotate = format!(r#"{axis_label} transform="rotate(-90 16 {})""#, num(mid_y));
    text(&mut s, (16.0, mid_y), "middle", &rotate, labels.y_axis);
    // The required line, labelled above it, just right of where the lines start.
    s.push_str(r#"</g><g class="chart-required">"#);
    let dash = r#" stroke-dasharray="6 4""#;
    line(&mut s, (LEFT, RIGHT), (y(required), y(required)), dash);
    let attrs = format!(r#" font-size="12" direction="{dir}""#);
    let at = (LEFT + PAD_LEFT + 8.0, y(required) - 6.0);
    text(&mut s, at, at_left, &attrs, labels.required_line);
    s.push_str("</g>");
    let signatures: Vec<(Date, u32)> = pts.iter().map(|p| (p.0, p.1)).collect();
    let deposits: Vec<(Date, u32)> = pts.iter().map(|p| (p.0, p.2)).collect();
    for (class, series) in [("signatures", &signatures), ("deposits", &deposits)] {
        let d = step_path(series, &x, &y);
        let _ = write!(s, r#"<path class="chart-line chart-{class}" fill="none" d="{d}"/>"#);
    }
    // Legend: two rows above the plot, swatch then text, from the plot's left edge.
    s.push_str(r#"<g class="chart-legend" font-size="12">"#);
    for (row, (class, label)) in
        [("signatures", labels.signatures), ("deposits", labels.deposits)].into_iter().enumerate()
    {
        let ly = 18.0 + 20.0 * row as f64;
        let (swatch, text_dir) = (format!(r#" class="chart-line chart-{class}""#), format!(r#" direction="{dir}""#));
        line(&mut s, (LEFT, LEFT + 24.0), (ly, ly), &swatch);
        text(&mut s, (LEFT + 30.0, ly + 4.0), at_left, &text_dir, label);
    }
    s.push_str("</g></svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::treaty::{Deposit, InstrumentKind, ParticipantKind};
    use jiff::civil::date;

    const RULE: EntryIntoForceRule = EntryIntoForceRule {
        instruments_required: 40,
        days_after_threshold: 90,
        later_parties_days: 30,
        organizations_count_extra: false,
    };

    fn p(code: &str, signed: Option<Date>, deposit: Option<Date>) -> Participant {
        let deposit = deposit.map(|date| Deposit { kind: InstrumentKind::Ratification, date });
        let kind = ParticipantKind::State;
        Participant { code: code.into(), kind, signed, deposit }
    }

    fn fmt_date(d: Date) -> String {
        d.to_string()
    }

    fn fmt_num(n: u32) -> String {
        n.to_string()
    }

    fn labels() -> ChartLabels<'static> {
        ChartLabels {
            title: "Signatures <&> deposits",
            desc: "72 signatures & 0 deposits",
            x_axis: "Date",
            y_axis: "Number",
            required_line: "40 needed <for entry into force>",
            signatures: "Signatures",
            deposits: "Deposits \"counted\"",
            format_date: &fmt_date,
            format_number: &fmt_num,
            rtl: false,
        }
    }

    #[test]
    fn points_are_cumulative_per_event_date() {
        let (d1, d2, d3) = (date(2025, 10, 25), date(2025, 10, 26), date(2026, 3, 1));
        let mut eu = p("EU", Some(d1), Some(date(2026, 4, 1)));
        eu.kind = ParticipantKind::Organization;
        let ps = vec![
            p("AA", Some(d1), None),
            p("BB", Some(d1), Some(d3)),
            eu,
            p("CC", Some(d2), None),
            p("DD", None, Some(d3)), // accession without signature
        ];
        // The EU's deposit on 2026-04-01 does not count: no point for it.
        let want = vec![(d1, 3, 0), (d2, 4, 0), (d3, 4, 2)];
        assert_eq!(cumulative_points(&RULE, &ps), want);
        assert!(cumulative_points(&RULE, &[]).is_empty());
    }

    #[test]
    fn extend_to_adds_a_final_point_only_when_later() {
        let mut pts = vec![(date(2025, 10, 25), 72, 0)];
        extend_to(&mut pts, date(2025, 10, 25));
        assert_eq!(pts.len(), 1);
        extend_to(&mut pts, date(2025, 11, 19));
        assert_eq!(pts[1], (date(2025, 11, 19), 72, 0));
        let mut none = Vec::new();
        extend_to(&mut none, date(2025, 11, 19));
        assert!(none.is_empty());
    }

    #[test]
    fn svg_structure_and_escaping() {
        let d = |day| date(2025, 10, day);
        let pts = vec![(d(25), 70, 0), (d(26), 72, 0), (date(2025, 11, 19), 73, 0)];
        let svg = cumulative_chart_svg(&pts, 40, &labels());
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"viewBox="0 0 640 360""#));
        assert!(svg.contains("<title>Signatures &lt;&amp;&gt; deposits</title>"));
        assert!(svg.contains("<desc>72 signatures &amp; 0 deposits</desc>"));
        assert!(svg.contains("40 needed &lt;for entry into force&gt;"));
        assert!(svg.contains("Deposits &quot;counted&quot;"));
        assert!(!svg.contains("<&") && !svg.contains("<for"));
        assert!(svg.contains("stroke-dasharray"));
        assert!(svg.contains("chart-line chart-signatures") && svg.contains("chart-deposits"));
        // Colours come from CSS classes only.
        assert!(!svg.contains("fill=\"#") && !svg.contains("stroke=\"#"));
        assert!(svg.contains(">2025-10-25<") && svg.contains(">2025-11-19<"));
        // Balanced elements (a cheap well-formedness check).
        for tag in ["svg", "g", "text", "title", "desc"] {
            let open = svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
            assert_eq!(open, svg.matches(&format!("</{tag}>")).count(), "{tag}");
        }
        // The y axis goes to 80 in steps of 20 (highest 73).
        assert!(svg.contains(">80</text>") && svg.contains(">0</text>"));
        assert!(!svg.contains(">100</text>"));
        assert_eq!(svg, cumulative_chart_svg(&pts, 40, &labels()));
    }

    #[test]
    fn step_lines_rise_at_each_date_and_reach_the_right_edge() {
        let pts = vec![(date(2026, 1, 1), 10, 0), (date(2026, 1, 11), 20, 5)];
        let svg = cumulative_chart_svg(&pts, 40, &labels());
        // y_max 40 (step 10): 10 -> 238, 20 -> 180, 5 -> 267; x: 76 then 592, line on to 616.
        assert!(svg.contains(r#"d="M64 296H76V238H592V180H616""#), "{svg}");
        assert!(svg.contains(r#"d="M64 296H76V296H592V267H616""#), "{svg}");
        // Unsorted input is sorted.
        let rev: Vec<_> = pts.iter().rev().copied().collect();
        assert_eq!(svg, cumulative_chart_svg(&rev, 40, &labels()));
    }

    #[test]
    fn empty_and_single_point_charts_render() {
        let svg = cumulative_chart_svg(&[], 40, &labels());
        assert!(svg.contains("chart-required") && svg.ends_with("</svg>"));
        let svg = cumulative_chart_svg(&[(date(2025, 10, 25), 72, 0)], 40, &labels());
        assert!(svg.contains(">2025-10-25<"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let svg = cumulative_chart_svg(&[(date(2025, 10, 25), u32::MAX, 0)], 0, &labels());
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn rtl_labels_flip_anchors_not_geometry() {
        let mut l = labels();
        l.rtl = true;
        let pts = vec![(date(2025, 10, 25), 72, 0), (date(2026, 3, 1), 72, 1)];
        let svg = cumulative_chart_svg(&pts, 40, &l);
        assert!(svg.contains(r#"direction="rtl""#));
        // y tick labels sit right-aligned against the axis: "start" in RTL.
        let zero = r#"<text x="56" y="300" text-anchor="start">0</text>"#;
        assert!(svg.contains(zero), "{svg}");
        // Same geometry as LTR.
        let ltr = cumulative_chart_svg(&pts, 40, &labels());
        let paths = |s: &str| s.matches("<path").count();
        assert_eq!(paths(&svg), paths(&ltr));
        assert!(ltr.contains(r#"<text x="56" y="300" text-anchor="end">0</text>"#));
    }

    #[test]
    fn date_ticks_are_calendar_aligned_and_do_not_collide() {
        let ticks = |a: Date, b: Date| {
            let span = days(a, b).max(1) as f64;
            let x = move |d: Date| LEFT + PAD_LEFT + 516.0 * days(a, d) as f64 / span;
            let t = date_ticks(a, b, &x);
            let xs: Vec<f64> = t.iter().map(|d| x(*d)).collect();
            assert!(xs.windows(2).all(|w| w[1] - w[0] >= MIN_TICK_GAP), "{t:?}");
            assert_eq!((t[0], t[t.len() - 1]), (a, b));
            t
        };
        let (a, b) = (date(2025, 10, 25), date(2025, 11, 19));
        assert_eq!(ticks(a, b), [a, date(2025, 11, 1), b]);
        let t = ticks(a, date(2029, 6, 30));
        assert!(t[1..t.len() - 1].iter().all(|d| d.month() == 1 && d.day() == 1), "{t:?}");
        let t = ticks(a, date(2026, 9, 1));
        assert!(t.len() >= 3, "{t:?}");
        assert!(t[1..t.len() - 1].iter().all(|d| d.day() == 1), "{t:?}");
        ticks(a, date(2075, 1, 1));
        ticks(a, date(2025, 10, 26));
        assert_eq!(date_ticks(a, a, &|_| LEFT), [a]);
    }

    #[test]
    fn nice_steps() {
        let got: Vec<u32> = [1, 5, 6, 40, 73, 120, 193].map(nice_step).to_vec();
        assert_eq!(got, [1, 1, 2, 10, 20, 25, 50]);
        assert!(nice_step(u32::MAX) > 0);
    }

    #[test]
    fn escape_drops_forbidden_controls() {
        assert_eq!(esc("a\u{1}b<&>'\""), "ab&lt;&amp;&gt;&#39;&quot;");
    }
}
