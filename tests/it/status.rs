//! The treaty's status in the built site: the same figures on the status page, the home
//! page and in the open data; the CSV round-trips; the feed lists every event.

use crate::harness::{attr_of, convention, real_site, sel, signatories, text_of};

#[test]
fn counts_agree_on_the_status_page_the_home_page_and_the_json() {
    let (_, run) = real_site();
    let convention = convention();
    let data = signatories(&convention);
    let signed = data.participants.iter().filter(|p| p.signature.is_some()).count();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.out.join("data/signatories.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["summary"]["signatories"], signed);
    assert_eq!(json["participants"].as_array().unwrap().len(), data.participants.len());
    assert_eq!(json["as_of"], data.as_of.to_string());
    for page in ["en/status/index.html", "en/index.html", "fr/index.html"] {
        let html = run.html(page);
        let figures: Vec<String> = html.select(&sel(".figures .figure")).map(|e| e.text().collect()).collect();
        assert_eq!(figures[0], signed.to_string(), "{page}");
        assert_eq!(figures[1], json["summary"]["parties"].to_string(), "{page}");
        assert_eq!(attr_of(&html, "progress", "value").unwrap(), json["summary"]["counted"].to_string(), "{page}");
    }
}

#[test]
fn the_csv_parses_and_round_trips() {
    let (_, run) = real_site();
    let bytes = std::fs::read(run.out.join("data/signatories.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), accord::render::status::CSV_HEADER.to_vec());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let data = signatories(&convention());
    assert_eq!(records.len(), data.participants.len());
    for (record, participant) in records.iter().zip(&data.participants) {
        assert_eq!(&record[0], participant.code);
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
    let (_, run) = real_site();
    let data = signatories(&convention());
    for p in &data.participants {
        let html = run.html(&format!("en/status/{}/index.html", p.code.to_lowercase()));
        assert_eq!(text_of(&html, "h1"), p.name);
        let inferred =
            p.signature.as_ref().is_some_and(|s| s.confidence == accord::content::data::Confidence::Inferred);
        assert_eq!(text_of(&html, ".facts").contains("not confirmed"), inferred, "{}", p.code);
    }
}

#[test]
fn the_feed_lists_every_signature() {
    let (_, run) = real_site();
    let feed = std::fs::read_to_string(run.out.join("es/status/feed.xml")).unwrap();
    let doc = scraper::Html::parse_document(&feed);
    let data = signatories(&convention());
    assert_eq!(doc.select(&sel("entry")).count(), data.participants.len());
}

#[test]
fn the_status_page_has_a_chart_and_a_map_with_text_alternatives() {
    let (_, run) = real_site();
    for lang in ["en", "ar"] {
        let html = run.html(&format!("{lang}/status/index.html"));
        for svg in ["svg.chart", "svg.world-map"] {
            let element = html.select(&sel(svg)).next().unwrap_or_else(|| panic!("{lang}: no {svg}"));
            assert_eq!(element.value().attr("role"), Some("img"));
            assert!(!text_of(&html, &format!("{svg} > title")).is_empty());
            assert!(!text_of(&html, &format!("{svg} > desc")).is_empty());
        }
        let shaded = html.select(&sel("svg.world-map path.map-signed, svg.world-map path.map-party")).count();
        assert!(shaded >= 60, "{lang}: {shaded} shaded countries");
    }
}

#[test]
fn json_ld_gives_the_legal_force_computed_from_the_status() {
    let (_, run) = real_site();
    let html = run.html("en/convention/article-65/index.html");
    let script = html.select(&sel("script[type='application/ld+json']")).next().unwrap();
    let value: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(value["@type"], "Legislation");
    assert_eq!(value["legislationLegalForce"], "https://schema.org/NotInForce");
    assert_eq!(value["isPartOf"]["legislationIdentifier"], "A/RES/79/243");
}

#[test]
fn participants_are_named_as_the_un_designates_them_not_by_icu_short_names() {
    let (_, run) = real_site();
    let name = |lang: &str, code: &str| text_of(&run.html(&format!("{lang}/status/{code}/index.html")), "h1");
    assert_eq!(name("fr", "cd"), "République démocratique du Congo");
    assert_eq!(name("ar", "ps"), "دولة فلسطين");
    assert_eq!(name("en", "kp"), "Democratic People's Republic of Korea");
    // Without an override, ICU's country name in the reader's language.
    assert_eq!(name("fr", "fr"), "France");
    assert_eq!(name("zh", "fr"), "法国");
}
