//! The status chart: cumulative signatures and counting deposits over time, with the
//! number of instruments needed for entry into force drawn as a dashed line, and the same
//! figures as a table.
//!
//! It is for turning the cumulative series into an HTML fragment at build time that reads at
//! a glance on a 320 px phone: every word (legend, axis values, dates, the threshold's label)
//! is HTML text at the page's own size, placed over an inline SVG that only draws the lines
//! (`preserveAspectRatio="none"`, strokes that do not scale), so text never shrinks with the
//! chart. The drawing is one `role="img"` with a text alternative that says the numbers; the
//! table, in a `<details>` that works without JavaScript, gives every point. Colours come from
//! CSS classes only (`chart-*`), so the site's light and dark schemes both apply. It is not a
//! general charting library, does no I/O, keeps no state, and does not translate: the caller
//! passes strings already localized, and formatters for dates and numbers. The plot runs left
//! to right in every language (`dir="ltr"`); its words keep the page's direction.

use super::treaty::{EntryIntoForceRule, Participant, counting_deposits};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt::Write;

use super::svg_escape as esc;

/// Strings and formatters for the chart, all already localized.
pub struct ChartLabels<'a> {
    /// Accessible name of the drawing.
    pub title: &'a str,
    /// Text alternative of the drawing: say the numbers the chart shows.
    pub desc: &'a str,
    /// Heading of the table's date column, e.g. "Date".
    pub x_axis: &'a str,
    /// Vertical axis label, e.g. "Number of participants", written above the axis (never
    /// rotated: a rotated CJK label reads sideways).
    pub y_axis: &'a str,
    /// Label of the dashed line, e.g. "40 needed for entry into force".
    pub required_line: &'a str,
    /// Legend label of the signatures line.
    pub signatures: &'a str,
    /// Legend label of the counting-deposits line.
    pub deposits: &'a str,
    /// Said instead of drawing the deposits line when no instrument counts yet (a line of
    /// zeros would lie on the x axis and look like it).
    pub no_deposits: &'a str,
    /// The `<summary>` of the table of figures.
    pub table_summary: &'a str,
    /// Formats a tick date, short (up to about 12 characters), e.g. "25 Oct 2025".
    pub format_tick_date: &'a dyn Fn(Date) -> String,
    /// Formats a date in the table, e.g. "25 October 2025".
    pub format_date: &'a dyn Fn(Date) -> String,
    /// Formats a number (for locales with their own digits and grouping).
    pub format_number: &'a dyn Fn(u32) -> String,
    /// The labels' direction: "ltr" or "rtl".
    pub dir: &'a str,
}

/// Room at the start and end of the time axis, in percent of the plot's width, so the first
/// and last steps are not hidden by the axis or the edge.
const PAD_START: f64 = 2.0;
const PAD_END: f64 = 4.0;
/// The width the date ticks are spaced for, in CSS pixels (a desktop plot); inner ticks are
/// marked so that the stylesheet can drop them on a narrow screen.
const NOMINAL_WIDTH: f64 = 560.0;
/// Closest two inner date ticks may be, centre to centre, at the nominal width; and an inner
/// tick to the first or last one (whose labels extend inwards from the tick).
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

/// A percentage with at most two decimals, without trailing zeros.
fn pct(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
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
/// (every k months, calendar-aligned), kept only where their labels have room; `x` gives a
/// date's position in pixels at the nominal width.
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

/// Step path, in the drawing's 0..1000 square (y down), from the origin along the baseline,
/// up through the points, to the right edge.
fn step_path(points: &[(Date, u32)], x: &dyn Fn(Date) -> f64, y: &dyn Fn(u32) -> f64) -> String {
    if points.is_empty() {
        return String::new();
    }
    let at = |p: f64| pct(p * 10.0);
    let mut d = format!("M0 {}", at(100.0 - y(0)));
    for &(date, v) in points {
        let _ = write!(d, "H{}V{}", at(x(date)), at(100.0 - y(v)));
    }
    d.push_str("H1000");
    d
}

/// Renders the chart and its table. `points` as from [`cumulative_points`] (sorted by date;
/// unsorted input is sorted); `required` is the number of counting instruments needed (drawn
/// as a dashed line).
pub fn cumulative_chart_html(points: &[(Date, u32, u32)], required: u32, labels: &ChartLabels) -> String {
    let mut pts = points.to_vec();
    pts.sort_by_key(|p| p.0);
    let highest = pts.iter().map(|p| p.1.max(p.2)).max().unwrap_or(0);
    let top = highest.max(required).max(1);
    let step = nice_step(top);
    let y_ticks: Vec<u32> = (0..=top.div_ceil(step)).map(|i| i.saturating_mul(step)).collect();
    let y_max = f64::from(top.div_ceil(step)) * f64::from(step);
    // Positions in percent of the plot: y from the bottom, x from the left.
    let y = |v: u32| 100.0 * f64::from(v) / y_max;
    let first = pts.first().map(|p| p.0);
    let span = match (first, pts.last()) {
        (Some(f), Some(l)) => days(f, l.0).max(1) as f64,
        _ => 1.0,
    };
    let x = |d: Date| PAD_START + first.map_or(0.0, |f| (100.0 - PAD_START - PAD_END) * days(f, d) as f64 / span);
    let any_deposit = pts.iter().any(|p| p.2 > 0);
    let dir = esc(labels.dir);

    let mut s = String::new();
    let name = format!("{}. {}", labels.title, labels.desc);
    let _ = write!(s, r#"<div class="chart-cumulative" role="img" aria-label="{}" dir="ltr">"#, esc(&name));
    let _ = write!(s, r#"<ul class="chart-legend" dir="{dir}">"#);
    let _ = write!(s, r#"<li><span class="chart-key chart-key-signatures"></span>{}</li>"#, esc(labels.signatures));
    if any_deposit {
        let _ = write!(s, r#"<li><span class="chart-key chart-key-deposits"></span>{}</li>"#, esc(labels.deposits));
    }
    let _ = write!(s, r#"<li><span class="chart-key chart-key-required"></span>{}</li>"#, esc(labels.required_line));
    if !any_deposit {
        let _ = write!(s, r#"<li class="chart-note">{}</li>"#, esc(labels.no_deposits));
    }
    s.push_str("</ul>");
    let _ = write!(s, r#"<p class="chart-y-title" dir="{dir}">{}</p>"#, esc(labels.y_axis));
    s.push_str(r#"<div class="chart-frame"><div class="chart-y-ticks">"#);
    for &v in &y_ticks {
        let _ = write!(s, r#"<span style="bottom:{}%">{}</span>"#, pct(y(v)), esc(&(labels.format_number)(v)));
    }
    s.push_str(r#"</div><div class="chart-plot">"#);
    s.push_str(r#"<svg class="chart-lines" viewBox="0 0 1000 1000" preserveAspectRatio="none" focusable="false">"#);
    s.push_str(r#"<g class="chart-grid">"#);
    for &v in y_ticks.iter().skip(1) {
        let at = pct(1000.0 - 10.0 * y(v));
        let _ = write!(s, r#"<line x1="0" x2="1000" y1="{at}" y2="{at}" vector-effect="non-scaling-stroke"/>"#);
    }
    s.push_str("</g>");
    let signatures: Vec<(Date, u32)> = pts.iter().map(|p| (p.0, p.1)).collect();
    let deposits: Vec<(Date, u32)> = pts.iter().map(|p| (p.0, p.2)).collect();
    let mut series = vec![("signatures", &signatures)];
    if any_deposit {
        series.push(("deposits", &deposits));
    }
    for (class, line) in series {
        let d = step_path(line, &x, &y);
        let _ = write!(
            s,
            r#"<path class="chart-line chart-{class}" fill="none" vector-effect="non-scaling-stroke" d="{d}"/>"#
        );
    }
    s.push_str("</svg>");
    let _ = write!(
        s,
        r#"<div class="chart-required" style="bottom:{}%"><span dir="{dir}">{}</span></div>"#,
        pct(y(required)),
        esc(labels.required_line)
    );
    s.push_str(r#"</div><div class="chart-x-ticks">"#);
    let ticks = match (first, pts.last()) {
        (Some(f), Some(l)) => date_ticks(f, l.0, &|d| x(d) * NOMINAL_WIDTH / 100.0),
        _ => Vec::new(),
    };
    for (i, d) in ticks.iter().enumerate() {
        let class = match i {
            0 => "tick-first",
            i if i + 1 == ticks.len() => "tick-last",
            _ => "tick-inner",
        };
        let label = esc(&(labels.format_tick_date)(*d));
        // In the labels' direction: an Arabic date ("25‏/10‏/2025") reads scrambled in an LTR run.
        let _ = write!(s, r#"<span class="{class}" style="left:{}%" dir="{dir}">{label}</span>"#, pct(x(*d)));
    }
    s.push_str("</div></div></div>");

    // The same facts as a table, for screen readers, print and anyone who wants the numbers.
    let _ = write!(s, r#"<details class="chart-table"><summary>{}</summary>"#, esc(labels.table_summary));
    s.push_str(r#"<table><thead><tr>"#);
    for head in [labels.x_axis, labels.signatures, labels.deposits] {
        let _ = write!(s, r#"<th scope="col">{}</th>"#, esc(head));
    }
    s.push_str("</tr></thead><tbody>");
    for &(d, signed, counted) in &pts {
        let _ = write!(
            s,
            r#"<tr><th scope="row"><time datetime="{d}">{}</time></th><td>{}</td><td>{}</td></tr>"#,
            esc(&(labels.format_date)(d)),
            esc(&(labels.format_number)(signed)),
            esc(&(labels.format_number)(counted)),
        );
    }
    s.push_str("</tbody></table></details>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::examples::{RULE, state};
    use crate::status::treaty::ParticipantKind;
    use jiff::civil::date;
    use scraper::{ElementRef, Html, Selector};

    fn fmt_date(d: Date) -> String {
        d.to_string()
    }

    fn fmt_long(d: Date) -> String {
        format!("long {d}")
    }

    fn fmt_num(n: u32) -> String {
        format!("#{n}")
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
            no_deposits: "None deposited yet",
            table_summary: "The figures",
            format_tick_date: &fmt_date,
            format_date: &fmt_long,
            format_number: &fmt_num,
            dir: "ltr",
        }
    }

    fn parse(html: &str) -> Html {
        Html::parse_fragment(html)
    }

    fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
        doc.select(&Selector::parse(css).unwrap()).collect()
    }

    fn text(e: &ElementRef) -> String {
        e.text().collect()
    }

    fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
        let found = all(doc, css);
        assert_eq!(found.len(), 1, "{css}");
        found[0]
    }

    /// The `bottom:` or `left:` percentage of an element's inline style.
    fn at(e: &ElementRef, prop: &str) -> f64 {
        let style = e.value().attr("style").unwrap_or_default();
        let v = style.strip_prefix(&format!("{prop}:")).and_then(|v| v.strip_suffix('%'));
        v.unwrap_or_else(|| panic!("{style}")).parse().unwrap()
    }

    #[test]
    fn points_are_cumulative_per_event_date() {
        let (d1, d2, d3) = (date(2025, 10, 25), date(2025, 10, 26), date(2026, 3, 1));
        let mut eu = state("EU", Some(d1), Some(date(2026, 4, 1)));
        eu.kind = ParticipantKind::Organization;
        let ps = vec![
            state("AA", Some(d1), None),
            state("BB", Some(d1), Some(d3)),
            eu,
            state("CC", Some(d2), None),
            state("DD", None, Some(d3)), // accession without signature
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
    fn the_drawing_is_one_image_named_by_its_numbers_and_its_words_are_escaped_text() {
        let d = |day| date(2025, 10, day);
        let pts = vec![(d(25), 70, 0), (d(26), 72, 0), (date(2025, 11, 19), 73, 0)];
        let html = cumulative_chart_html(&pts, 40, &labels());
        let doc = parse(&html);
        let img = one(&doc, "div.chart-cumulative[role=img]");
        assert_eq!(img.value().attr("aria-label"), Some("Signatures <&> deposits. 72 signatures & 0 deposits"));
        assert_eq!(img.value().attr("dir"), Some("ltr"));
        let legend: Vec<String> = all(&doc, ".chart-legend li").iter().map(text).collect();
        assert_eq!(legend, ["Signatures", "40 needed <for entry into force>", "None deposited yet"]);
        assert_eq!(text(&one(&doc, ".chart-required span")), "40 needed <for entry into force>");
        assert_eq!(text(&one(&doc, ".chart-y-title")), "Number");
        // Words are HTML, not SVG text, so they keep the page's size at any width.
        assert!(all(&doc, "svg text").is_empty());
        // Colours come from CSS classes only.
        assert!(!html.contains("fill=\"#") && !html.contains("stroke=\"#") && !html.contains("color:"));
        let ticks: Vec<String> = all(&doc, ".chart-x-ticks span").iter().map(text).collect();
        assert_eq!(ticks, ["2025-10-25", "2025-11-01", "2025-11-19"]);
        assert_eq!(all(&doc, ".chart-x-ticks .tick-inner").len(), 1, "the stylesheet may drop inner ticks");
        // The y axis goes to 80 in steps of 20 (highest 73), in the locale's digits.
        let values: Vec<String> = all(&doc, ".chart-y-ticks span").iter().map(text).collect();
        assert_eq!(values, ["#0", "#20", "#40", "#60", "#80"]);
        assert_eq!(html, cumulative_chart_html(&pts, 40, &labels()), "deterministic");
    }

    #[test]
    fn the_threshold_is_drawn_at_its_height() {
        let pts = vec![(date(2025, 10, 25), 73, 0)];
        let doc = parse(&cumulative_chart_html(&pts, 40, &labels()));
        // 40 of a y axis up to 80.
        assert_eq!(at(&one(&doc, "div.chart-required"), "bottom"), 50.0);
        let ticks = all(&doc, ".chart-y-ticks span");
        assert_eq!(at(&ticks[2], "bottom"), 50.0, "level with the 40 tick");
    }

    #[test]
    fn a_line_of_zero_deposits_is_said_not_drawn_on_the_axis() {
        let pts = vec![(date(2025, 10, 25), 72, 0), (date(2025, 11, 19), 73, 0)];
        let doc = parse(&cumulative_chart_html(&pts, 40, &labels()));
        assert!(all(&doc, "path.chart-deposits").is_empty());
        assert!(all(&doc, ".chart-key-deposits").is_empty());
        assert_eq!(text(&one(&doc, ".chart-legend .chart-note")), "None deposited yet");
        let pts = vec![(date(2025, 10, 25), 72, 0), (date(2026, 3, 1), 72, 1)];
        let doc = parse(&cumulative_chart_html(&pts, 40, &labels()));
        one(&doc, "path.chart-deposits");
        assert_eq!(text(&one(&doc, ".chart-legend li:has(.chart-key-deposits)")), "Deposits \"counted\"");
        assert!(all(&doc, ".chart-note").is_empty());
    }

    #[test]
    fn step_lines_rise_at_each_date_and_reach_the_right_edge() {
        let pts = vec![(date(2026, 1, 1), 10, 0), (date(2026, 1, 11), 20, 5)];
        let html = cumulative_chart_html(&pts, 40, &labels());
        let doc = parse(&html);
        let d = |css: &str| one(&doc, css).value().attr("d").unwrap().to_owned();
        // y_max 40 (step 10): 10 -> 750, 20 -> 500, 5 -> 875 (of 1000, y down); x: 2% then 96%.
        assert_eq!(d("path.chart-signatures"), "M0 1000H20V750H960V500H1000");
        assert_eq!(d("path.chart-deposits"), "M0 1000H20V1000H960V875H1000");
        let strokes = all(&doc, "svg [vector-effect=non-scaling-stroke]").len();
        assert_eq!(strokes, all(&doc, "svg path, svg line").len(), "strokes keep their width when stretched");
        // Unsorted input is sorted.
        let rev: Vec<_> = pts.iter().rev().copied().collect();
        assert_eq!(html, cumulative_chart_html(&rev, 40, &labels()));
    }

    #[test]
    fn the_table_gives_every_point_in_the_readers_formats() {
        let pts = vec![(date(2025, 10, 25), 72, 0), (date(2026, 3, 1), 72, 1)];
        let doc = parse(&cumulative_chart_html(&pts, 40, &labels()));
        assert_eq!(text(&one(&doc, "details.chart-table > summary")), "The figures");
        let heads: Vec<String> = all(&doc, "thead th[scope=col]").iter().map(text).collect();
        assert_eq!(heads, ["Date", "Signatures", "Deposits \"counted\""]);
        let rows: Vec<Vec<String>> = all(&doc, "tbody tr")
            .iter()
            .map(|r| r.select(&Selector::parse("th, td").unwrap()).map(|c| text(&c)).collect())
            .collect();
        assert_eq!(rows, [["long 2025-10-25", "#72", "#0"], ["long 2026-03-01", "#72", "#1"]]);
        assert_eq!(all(&doc, "tbody time")[0].value().attr("datetime"), Some("2025-10-25"));
    }

    #[test]
    fn empty_and_single_point_charts_render() {
        let html = cumulative_chart_html(&[], 40, &labels());
        assert!(parse(&html).select(&Selector::parse(".chart-required").unwrap()).next().is_some());
        let html = cumulative_chart_html(&[(date(2025, 10, 25), 72, 0)], 40, &labels());
        assert!(html.contains(">2025-10-25<"));
        assert!(!html.contains("NaN") && !html.contains("inf"));
        let html = cumulative_chart_html(&[(date(2025, 10, 25), u32::MAX, 0)], 0, &labels());
        assert!(html.ends_with("</details>"));
    }

    #[test]
    fn rtl_words_keep_their_direction_and_the_plot_stays_left_to_right() {
        let mut l = labels();
        l.dir = "rtl";
        let pts = vec![(date(2025, 10, 25), 72, 0), (date(2026, 3, 1), 72, 1)];
        let doc = parse(&cumulative_chart_html(&pts, 40, &l));
        assert_eq!(one(&doc, ".chart-cumulative").value().attr("dir"), Some("ltr"));
        for words in [".chart-legend", ".chart-y-title", ".chart-required span"] {
            assert_eq!(one(&doc, words).value().attr("dir"), Some("rtl"), "{words}");
        }
        for tick in all(&doc, ".chart-x-ticks span") {
            assert_eq!(tick.value().attr("dir"), Some("rtl"), "dates keep their own order");
        }
        let ltr = parse(&cumulative_chart_html(&pts, 40, &labels()));
        let d = |doc: &Html| one(doc, "path.chart-signatures").value().attr("d").unwrap().to_owned();
        assert_eq!(d(&doc), d(&ltr), "same geometry");
    }

    #[test]
    fn date_ticks_are_calendar_aligned_and_do_not_collide() {
        let ticks = |a: Date, b: Date| {
            let span = days(a, b).max(1) as f64;
            let x = move |d: Date| 12.0 + 516.0 * days(a, d) as f64 / span;
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
        assert_eq!(date_ticks(a, a, &|_| 0.0), [a]);
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
        assert_eq!(esc("a\tb\r\n\u{1F}\u{FFFE}\u{FFFF}\u{FFFD}"), "a\tb\r\n\u{FFFD}", "tabs and line ends are kept");
    }
}
