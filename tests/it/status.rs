//! The treaty's status in the built site: the same figures on the status page, the home
//! page and in the open data; the CSV round-trips; the feed lists every event; reported
//! events are shown apart, with their sources, and never counted; the signature period
//! is stated as of the data's date.

use crate::harness::{Run, Site, attr_of, collapse, convention, multilingual, sel, signatories, text_of, xml_text};

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The entries (title, reported or not) of the Atom feed at `rel`, read as XML, as a feed
/// reader does.
fn feed_entries(run: &Run, rel: &str) -> Vec<(String, bool)> {
    let text = xml_text(run, rel);
    let feed = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel} is not XML: {e}"));
    assert!(feed.root_element().has_tag_name((ATOM, "feed")), "{rel}");
    feed.root_element()
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .map(|entry| {
            let title = entry.children().find(|n| n.has_tag_name((ATOM, "title"))).and_then(|n| n.text());
            let reported =
                entry.children().any(|n| n.has_tag_name((ATOM, "category")) && n.attribute("term") == Some("reported"));
            (collapse(title.unwrap_or_default()), reported)
        })
        .collect()
}

#[test]
fn counts_agree_on_the_status_page_the_home_page_and_the_json() {
    let (_, run) = multilingual();
    let convention = convention();
    let data = signatories(&convention);
    let signed = data.participants.iter().filter(|p| p.signature.is_some()).count();
    // The headline counts a signature whose day is only inferred as reported, not confirmed.
    let confirmed = data
        .participants
        .iter()
        .filter(|p| p.signature.as_ref().is_some_and(|s| s.confidence == accord::content::data::Confidence::Verified))
        .count();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.out.join("data/signatories.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["summary"]["signatories"], signed);
    assert_eq!(json["participants"].as_array().unwrap().len(), data.participants.len());
    assert_eq!(json["as_of"], data.as_of.to_string());
    for page in ["en/status/index.html", "en/index.html", "fr/index.html"] {
        let html = run.html(page);
        let figures: Vec<String> = html.select(&sel(".figures .figure")).map(|e| e.text().collect()).collect();
        assert_eq!(figures[0], confirmed.to_string(), "{page}");
        assert_eq!(figures[1], json["summary"]["parties"].to_string(), "{page}");
        assert_eq!(attr_of(&html, "progress", "value").unwrap(), json["summary"]["counted"].to_string(), "{page}");
    }
}

#[test]
fn the_csv_parses_and_round_trips() {
    let (_, run) = multilingual();
    let bytes = std::fs::read(run.out.join("data/signatories.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), accord::render::status::CSV_HEADER.to_vec());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let data = signatories(&convention());
    assert_eq!(records.len(), data.participants.len());
    for (record, participant) in records.iter().zip(&data.participants) {
        assert_eq!(&record[0], participant.code.as_str());
        assert_eq!(&record[1], participant.name);
        assert_eq!(record[3], participant.signature.as_ref().map(|s| s.date.to_string()).unwrap_or_default());
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for record in &records {
        writer.write_record(record).unwrap();
    }
    assert_eq!(writer.into_inner().unwrap(), bytes, "re-written CSV is byte-identical");
}

#[test]
fn each_participant_has_a_page_and_inferred_facts_say_so() {
    let (_, run) = multilingual();
    let data = signatories(&convention());
    for p in &data.participants {
        let html = run.html(&format!("en/status/{}/index.html", p.code.as_str().to_lowercase()));
        assert_eq!(text_of(&html, "h1"), p.name);
        let inferred =
            p.signature.as_ref().is_some_and(|s| s.confidence == accord::content::data::Confidence::Inferred);
        assert_eq!(text_of(&html, ".facts").contains("not confirmed"), inferred, "{}", p.code);
    }
}

#[test]
fn the_feed_lists_every_signature_and_deposit() {
    let (_, run) = multilingual();
    let data = signatories(&convention());
    let entries = feed_entries(run, "fr/status/feed.xml");
    assert!(entries.iter().all(|(_, reported)| !reported), "the fixture reports nothing");
    let deposits = data.participants.iter().filter(|p| p.deposit.is_some()).count();
    assert_eq!(entries.len(), data.participants.len() + deposits, "{entries:?}");
}

/// The map is SVG inside the page: read as XML, as an SVG viewer would.
#[test]
fn the_status_page_has_a_chart_and_a_map_with_text_alternatives() {
    let (_, run) = multilingual();
    let data = signatories(&convention());
    let states = |deposited: bool| {
        data.participants
            .iter()
            .filter(|p| p.kind == accord::content::data::ParticipantKind::State)
            .filter(|p| p.deposit.is_some() == deposited && (deposited || p.signature.is_some()))
            .count()
    };
    for lang in ["en", "ar"] {
        let html = run.html(&format!("{lang}/status/index.html"));
        let chart = html.select(&sel(".chart-cumulative")).next().unwrap_or_else(|| panic!("{lang}: no chart"));
        assert_eq!(chart.value().attr("role"), Some("img"));
        assert!(chart.value().attr("aria-label").is_some_and(|l| !l.is_empty()));
        assert!(html.select(&sel("details.chart-table tbody tr")).count() >= 2, "{lang}: the chart's table");

        let page = std::fs::read_to_string(run.out.join(format!("{lang}/status/index.html"))).unwrap();
        let start = page.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"world-map\"").expect("the map");
        let end = start + page[start..].find("</svg>").unwrap() + "</svg>".len();
        let svg = roxmltree::Document::parse(&page[start..end]).unwrap_or_else(|e| panic!("{lang}: the map: {e}"));
        const SVG: &str = "http://www.w3.org/2000/svg";
        let map = svg.root_element();
        assert!(map.has_tag_name((SVG, "svg")));
        assert_eq!(map.attribute("role"), Some("img"));
        let child_text = |name: &str| map.children().find(|n| n.has_tag_name((SVG, name))).and_then(|n| n.text());
        assert!(child_text("title").is_some_and(|t| !t.trim().is_empty()), "{lang}: the map's title");
        assert!(child_text("desc").is_some_and(|t| !t.trim().is_empty()), "{lang}: the map's description");
        let shaded = |class: &str| {
            svg.descendants()
                .filter(|n| n.has_tag_name((SVG, "path")) && n.attribute("class") == Some(class))
                .inspect(|n| {
                    assert!(
                        n.children().any(|c| c.has_tag_name((SVG, "title"))),
                        "{lang}: a shaded country without a name"
                    )
                })
                .count()
        };
        // One country per state: signed (Viet Nam's inferred signature too), or party.
        assert_eq!((shaded("map-signed"), shaded("map-party")), (states(false), states(true)), "{lang}");
    }
}

#[test]
fn json_ld_gives_the_legal_force_computed_from_the_status() {
    let (_, run) = multilingual();
    let html = run.html("en/convention/article-05/index.html");
    let script = html.select(&sel("script[type='application/ld+json']")).next().unwrap();
    let value: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(value["@type"], "Legislation");
    assert_eq!(value["legislationLegalForce"], "https://schema.org/NotInForce");
    assert_eq!(value["isPartOf"]["legislationIdentifier"], "A/RES/1/1");
}

#[test]
fn participants_are_named_as_the_un_designates_them_not_by_icu_short_names() {
    let (_, run) = multilingual();
    let name = |lang: &str, code: &str| text_of(&run.html(&format!("{lang}/status/{code}/index.html")), "h1");
    assert_eq!(name("fr", "cd"), "République démocratique du Congo");
    assert_eq!(name("ar", "ps"), "دولة فلسطين");
    assert_eq!(name("en", "kp"), "Democratic People's Republic of Korea");
    // Without an override, ICU's country name in the reader's language.
    assert_eq!(name("fr", "fr"), "France");
    assert_eq!(name("zh", "fr"), "法国");
}

/// base/minimal (France, Viet Nam and the EU signed; France and the EU deposited) with
/// reported signatures of Canada and the United Arab Emirates and a reported domestic
/// approval by Viet Nam, built. Keep the returned `Site`: dropping it deletes the output.
fn reported_site(overlay: &str) -> (Site, Run) {
    build_fixture(Site::fixture("base/minimal").overlay(overlay))
}

fn build_fixture(site: Site) -> (Site, Run) {
    let run = site.build_with(&["--quiet"]);
    run.assert_success();
    (site, run)
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(run.out.join("data/signatories.json")).unwrap()).unwrap()
}

#[test]
fn reported_events_leave_the_confirmed_totals_as_they_are() {
    let (_plain_site, plain) = build_fixture(Site::fixture("base/minimal"));
    let (_reported_site, reported) = reported_site("status/reported/site");
    assert_eq!(json(&reported)["summary"], json(&plain)["summary"]);
    assert_eq!(json(&reported)["convention"], json(&plain)["convention"]);
    let html = reported.html("en/status/index.html");
    let figures: Vec<String> = html.select(&sel(".figures .figure")).map(|e| e.text().collect()).collect();
    assert_eq!(figures[..2], ["2", "2"], "2 confirmed signatories (Viet Nam's is inferred), 2 instruments deposited");
    assert_eq!(attr_of(&html, "progress", "value").as_deref(), Some("1"), "the EU's deposit does not count");
    // The CSV stays confirmed-only.
    let csv = std::fs::read_to_string(reported.out.join("data/signatories.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3);
}

#[test]
fn the_headline_gives_confirmed_and_reported_signatures_in_every_language() {
    let (_run_site, run) = reported_site("status/reported/site");
    let headline = |lang: &str| text_of(&run.html(&format!("{lang}/status/index.html")), ".figures li");
    // Viet Nam's signature in the records is inferred: reported with Canada's and the UAE's.
    assert_eq!(headline("en"), "2 confirmed signatories, 3 more reported");
    assert_eq!(headline("fr"), "2 signataires confirmés, 3 autres signalés");
    assert_eq!(text_of(&run.html("en/index.html"), ".figures li"), headline("en"), "the home page says the same");
}

#[test]
fn an_inferred_signature_is_counted_as_reported_not_as_confirmed() {
    // Review item 20: "73 signatories" did not say that 8 of them are not confirmed.
    let (_site, run) = build_fixture(Site::fixture("base/minimal"));
    let headline = text_of(&run.html("en/status/index.html"), ".figures li");
    assert_eq!(headline, "2 confirmed signatories, 1 more reported");
    // The records themselves, and the open data, keep all three signatures.
    assert_eq!(json(&run)["summary"]["signatories"], 3);
}

#[test]
fn reported_events_are_listed_as_reported_with_their_dates_and_sources() {
    let (_run_site, run) = reported_site("status/reported/site");
    let html = run.html("en/status/index.html");
    assert_eq!(text_of(&html, "section.reported h2"), "Reported, not confirmed by the depositary");
    let events: Vec<_> = html.select(&sel("section.reported li.reported-event")).collect();
    let codes: Vec<&str> = events.iter().map(|e| e.value().attr("data-code").unwrap()).collect();
    assert_eq!(codes, ["AE", "VN", "CA"], "oldest first; a month sorts as its first day");
    for event in &events {
        assert_eq!(
            event.select(&sel(".badge-reported")).next().map(|b| b.text().collect::<String>()).as_deref(),
            Some("Reported")
        );
    }
    let canada = &events[2];
    let time = canada.select(&sel("time")).next().unwrap();
    assert_eq!(
        (time.value().attr("datetime"), time.text().collect::<String>().as_str()),
        (Some("2026-07"), "July 2026")
    );
    let links: Vec<&str> =
        canada.select(&sel(".reported-sources a")).map(|a| a.value().attr("href").unwrap()).collect();
    assert_eq!(links, ["https://example.org/news/canada-signs"]);
    assert!(
        collapse(&canada.text().collect::<String>()).contains("A news release, July 2026"),
        "a source without a URL is text"
    );
    assert_eq!(attr_of(&html, "li[data-code=CA] > a", "href").as_deref(), Some("/en/status/ca/"));
    let uae = collapse(&events[0].text().collect::<String>());
    assert!(uae.contains("Signature, by February 2026."), "{uae}");
    let viet_nam = collapse(&events[1].text().collect::<String>());
    assert!(viet_nam.contains("Domestic approval step (not a deposit) (parliament approved ratification), 10 February 2026. Not a deposit."), "{viet_nam}");
    let counts = text_of(&html, ".reported-counts li");
    assert_eq!(counts, "Reported July 2026: news reports counted 5 signatories (a news count)");
    // The JSON lists them under their own key, at their precision.
    let reported = &json(&run)["reported"];
    assert_eq!(reported[0]["code"], "CA");
    assert_eq!(
        (reported[0]["date"].as_str(), reported[0]["date_precision"].as_str()),
        (Some("2026-07"), Some("month"))
    );
    assert_eq!(reported[1]["by"], true);
    assert_eq!(reported[2]["name"], "Viet Nam", "a participant's name comes from its record");
}

#[test]
fn states_known_only_from_reports_get_a_page_that_says_nothing_is_confirmed() {
    let (_run_site, run) = reported_site("status/reported/site");
    let canada = run.html("en/status/ca/index.html");
    assert_eq!(text_of(&canada, "h1"), "Canada");
    assert!(text_of(&canada, ".facts").contains("None in the depositary's records as of 19 November 2025"));
    assert_eq!(canada.select(&sel(".reported-event")).count(), 1);
    assert_eq!(text_of(&run.html("fr/status/ae/index.html"), "h1"), "Émirats arabes unis", "ICU's name in French");
    // A confirmed participant's page shows its reported events too; the table has no reported-only row.
    assert_eq!(run.html("en/status/vn/index.html").select(&sel(".reported-event")).count(), 1);
    let status = run.html("en/status/index.html");
    assert!(status.select(&sel("#participants-table tr[data-code=CA]")).next().is_none());
}

#[test]
fn the_feed_marks_reported_events() {
    let (_run_site, run) = reported_site("status/reported/site");
    let entries = feed_entries(&run, "en/status/feed.xml");
    let reported: Vec<&str> = entries.iter().filter(|(_, r)| *r).map(|(title, _)| title.as_str()).collect();
    assert_eq!(reported.len(), 3);
    assert!(reported.contains(&"Reported, not confirmed: Canada, signature, July 2026"), "{reported:?}");
    assert_eq!(entries.len(), 3 + 2 + 3, "3 signatures, 2 deposits, 3 reported");
}

#[test]
fn the_signature_period_is_stated_as_of_the_data_not_the_clock() {
    let (_open_site, open) = reported_site("status/reported/site");
    assert_eq!(
        text_of(&open.html("en/status/index.html"), ".signature-period"),
        "Open for signature until 31 December 2026. After that date, States can join only by accession."
    );
    let (_closed_site, closed) = reported_site("status/closed/site");
    assert_eq!(
        text_of(&closed.html("en/status/index.html"), ".signature-period"),
        "The signature period closed on 31 December 2026; States can now join only by accession."
    );
    assert_eq!(
        text_of(&closed.html("fr/status/index.html"), ".signature-period"),
        "La période de signature a pris fin le 31 décembre 2026 ; les États ne peuvent désormais plus qu'adhérer à la Convention."
    );
}
