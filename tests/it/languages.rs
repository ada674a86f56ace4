//! Every reader in their language: lang and dir on every page, alternates, the language
//! switcher, fallback pages, ICU-formatted dates and plurals, collation, staleness.

use std::collections::BTreeSet;

use accord::i18n::LocaleData;

use crate::harness::{FALLBACK_ARTICLE, Site, attr_of, html_pages, languages, multilingual, repo_root, sel, text_of};

#[test]
fn every_page_in_every_language_has_the_right_lang_and_dir() {
    let (_, run) = multilingual();
    let mut pages: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (path, html) in html_pages(&run.out) {
        let Some((lang, rest)) = path.split_once('/') else { continue };
        if !languages().iter().any(|l| l == lang) {
            continue;
        }
        assert_eq!(attr_of(&html, "html", "lang").as_deref(), Some(lang), "{path}");
        let dir = if lang == "ar" || lang == "ur" { "rtl" } else { "ltr" };
        assert_eq!(attr_of(&html, "html", "dir").as_deref(), Some(dir), "{path}");
        pages.entry(lang.to_owned()).or_default().insert(rest.to_owned());
    }
    // Every language has every page (an untranslated one built from English), all checked.
    assert_eq!(pages.keys().cloned().collect::<BTreeSet<_>>(), languages().into_iter().collect());
    let english = &pages["en"];
    assert!(english.len() > 20, "{english:?}");
    for (lang, paths) in &pages {
        assert_eq!(paths, english, "{lang}");
    }
}

#[test]
fn every_page_links_its_translations_as_alternates() {
    let (site, run) = multilingual();
    let loaded =
        accord::build::load(accord::source::read_site(site.path(), accord::source::PageText::Held).unwrap(), None)
            .unwrap();
    let model = &loaded.model;
    for variant in model.variants() {
        let path = accord::render::views::paths::of_kind(variant.lang.as_str(), variant.kind);
        let html = run.html(&format!("{path}index.html"));
        let found: BTreeSet<String> = html
            .select(&sel("link[rel=alternate][hreflang]"))
            .filter_map(|l| l.value().attr("hreflang"))
            .filter(|h| *h != "x-default")
            .map(str::to_owned)
            .collect();
        let expected: BTreeSet<String> = model
            .config
            .languages
            .iter()
            .filter(|l| {
                model
                    .variant_of(&l.id, variant.key)
                    .is_some_and(|v| v.state != accord::model::TranslationState::Missing)
            })
            .map(|l| l.id.to_string())
            .collect();
        // A page shown in English for want of a translation lists none: no translation
        // lists it back, and it points search engines at the English page instead.
        if variant.state == accord::model::TranslationState::Missing {
            assert!(found.is_empty(), "{path}: {found:?}");
            continue;
        }
        assert_eq!(found, expected, "{path}");
        // A home page's is the language chooser at the root; any other page's, its English one.
        let x_default = attr_of(&html, "link[hreflang=x-default]", "href").unwrap();
        if matches!(variant.kind, accord::content::PageKind::Home) {
            assert_eq!(x_default, "https://example.org/", "{path}");
        } else {
            assert!(x_default.contains("/en/"), "{path}");
        }
    }
}

#[test]
fn the_switcher_leads_to_the_same_article_in_another_language_and_back() {
    let (_, run) = multilingual();
    let ar = run.html("ar/convention/article-04/index.html");
    let to_fr = attr_of(&ar, ".languages a[hreflang=fr]", "href").unwrap();
    assert_eq!(to_fr, "/fr/convention/article-04/");
    let fr = run.html(&format!("{}index.html", to_fr.trim_start_matches('/')));
    assert_eq!(attr_of(&fr, "html", "lang").as_deref(), Some("fr"));
    assert_eq!(attr_of(&fr, ".languages a[hreflang=ar]", "href").as_deref(), Some("/ar/convention/article-04/"));
    assert_eq!(attr_of(&fr, ".languages [aria-current]", "lang").as_deref(), Some("fr"));
}

#[test]
fn a_missing_translation_is_built_from_english_with_a_notice() {
    let (_, run) = multilingual();
    // No language translates the fallback article.
    let html = run.html(&format!("ur/convention/article-{FALLBACK_ARTICLE:02}/index.html"));
    assert_eq!(attr_of(&html, "html", "lang").as_deref(), Some("ur"));
    assert_eq!(attr_of(&html, "html", "dir").as_deref(), Some("rtl"));
    assert_eq!(attr_of(&html, ".prose", "lang").as_deref(), Some("en"));
    assert_eq!(attr_of(&html, ".prose", "dir").as_deref(), Some("ltr"));
    let notice = text_of(&html, ".notice-fallback");
    assert!(notice.contains("اردو") && !notice.is_empty(), "notice in Urdu names the language: {notice}");
    // Navigation and title stay in Urdu.
    let title = text_of(&html, "h1");
    assert!(title.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "{title}");
    // The switcher says where the page is not translated: every other language but English.
    let untranslated: Vec<&str> =
        html.select(&sel(".languages li:has(small) a")).filter_map(|a| a.value().attr("hreflang")).collect();
    assert_eq!(untranslated, ["fr", "ar", "zh", "ru"]);
}

#[test]
fn an_arabic_date_and_russian_plurals_come_out_as_icu_says() {
    let (_, run) = multilingual();
    let ar = run.html("ar/status/index.html");
    assert!(text_of(&ar, ".as-of").contains("19 نوفمبر 2025"), "{}", text_of(&ar, ".as-of"));
    let ru = run.html("ru/status/index.html");
    let labels: Vec<String> =
        ru.select(&sel(".figures li")).map(|li| crate::harness::collapse(&li.text().collect::<String>())).collect();
    // The confirmed and reported signatures and the deposits, from the data; each number
    // takes the plural form ICU gives it in Russian, so the strings differ by form.
    let strings: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(crate::harness::repo_root().join("i18n/ru.yaml")).unwrap())
            .unwrap();
    let locale = LocaleData::new("ru").unwrap();
    let form = |key: &str, n: usize| {
        let category = locale.plural_category(n as u64);
        let text = strings["strings"][key][category].as_str().unwrap();
        text.replace("{n}", "").trim().replace("  ", " ") + "|" + &n.to_string()
    };
    let data = crate::harness::signatories(&crate::harness::convention());
    let verified = |p: &accord::content::data::ParticipantRecord| {
        p.signature.as_ref().is_some_and(|s| s.confidence == accord::content::data::Confidence::Verified)
    };
    let confirmed = data.participants.iter().filter(|p| verified(p)).count();
    let inferred = data.participants.iter().filter(|p| p.signature.is_some() && !verified(p)).count();
    let reported_events: std::collections::BTreeSet<&str> = data
        .reported
        .iter()
        .filter(|e| e.event == accord::content::data::ReportedKind::Signature)
        .map(|e| e.code.as_str())
        .collect();
    let reported_n = inferred + reported_events.len();
    let parties = data.participants.iter().filter(|p| p.deposit.is_some()).count();
    let expect_signatories = form("status_signatories_confirmed", confirmed);
    let category = locale.plural_category(reported_n as u64);
    let reported =
        strings["strings"]["status_reported_more"][category].as_str().unwrap().replace("{n}", &reported_n.to_string());
    let expect_parties = form("status_parties", parties);
    let (label, n) = expect_signatories.split_once('|').unwrap();
    assert_eq!(labels[0], format!("{n} {label}{reported}"));
    let (label, n) = expect_parties.split_once('|').unwrap();
    assert_eq!(labels[1], format!("{n} {label}"));
}

#[test]
fn the_chinese_status_table_is_sorted_by_chinese_collation() {
    let (_, run) = multilingual();
    let html = run.html("zh/status/index.html");
    let names: Vec<String> = html.select(&sel("table.participants tbody th a")).map(|a| a.text().collect()).collect();
    assert_eq!(names.len(), crate::harness::signatories(&crate::harness::convention()).participants.len());
    let locale = LocaleData::new("zh").unwrap();
    let mut collated = names.clone();
    collated.sort_by(|a, b| locale.compare(a, b));
    assert_eq!(names, collated, "not in pinyin order");
    let mut by_code_point = names.clone();
    by_code_point.sort();
    assert_ne!(names, by_code_point, "collation should differ from code-point order here");
    // Pinyin: 阿尔及利亚 (A'erjiliya) comes before 中国 (Zhongguo).
    let pos = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(pos("阿尔及利亚") < pos("中国"));
}

#[test]
fn changing_an_english_source_marks_its_translations_stale() {
    let site = Site::fixture("base/minimal");
    let stamp = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["i18n", "stamp", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(stamp.status.success());
    let run = site.build();
    run.assert_success();
    let fr = run.html("fr/convention/article-01/index.html");
    assert!(fr.select(&sel(".notice-stale")).next().is_none(), "fresh after stamping");

    site.write(
        "content/en/convention/chapter-01/article-01.md",
        "---\ndescription: Says what the convention is for.\nrelated: [2]\n---\nArticle 1 sets out the purpose, now in more detail.\n",
    );
    let run = site.build();
    run.assert_success();
    let fr = run.html("fr/convention/article-01/index.html");
    assert!(fr.select(&sel(".notice-stale")).next().is_some(), "stale after the source changed");
    let matrix = run.html("en/about/translations/index.html");
    assert!(matrix.select(&sel("td.st-stale")).count() == 1);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["i18n", "status", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&status.stdout);
    assert!(report.contains("stale: convention/chapter-01/article-01"), "{report}");
}

/// The bug: `accord i18n stamp` loaded the site and compiled its templates, so a
/// translator could not stamp a file while a template was broken. The translators'
/// commands read no template; `build` still reports the template at its line.
#[test]
fn i18n_commands_work_with_a_broken_template_that_build_reports_at_its_line() {
    let site = Site::fixture("base/minimal").overlay("languages/broken-template/site");
    let fr = "content/fr/convention/chapter-01/article-01.md";
    let unstamped = std::fs::read_to_string(site.path().join(fr)).unwrap();
    assert!(!unstamped.contains("source_hash:"), "the fixture's translation starts unstamped");
    site.stamp(&[]);
    let stamped = std::fs::read_to_string(site.path().join(fr)).unwrap();
    assert!(stamped.contains("source_hash:"), "{stamped}");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["i18n", "status", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let run = site.build();
    run.assert_failure().stderr_contains("template syntax error").stderr_contains("--> templates/article.html:5");
}

/// "Chapter 1: General provisions" is punctuated the way each language writes it: a
/// full-width colon in Chinese, a narrow no-break space before the colon in French.
#[test]
fn a_label_and_its_title_are_joined_with_each_languages_colon() {
    let (_, run) = multilingual();
    // The text as it is: `text_of` would fold the narrow no-break space into a space.
    let eyebrow = |lang: &str| -> String {
        let html = run.html(&format!("{lang}/convention/article-02/index.html"));
        html.select(&sel(".eyebrow a")).next().unwrap().text().collect()
    };
    assert!(eyebrow("en").starts_with("Chapter 1: "), "{}", eyebrow("en"));
    assert!(eyebrow("zh").contains('：') && !eyebrow("zh").contains(": "), "{}", eyebrow("zh"));
    assert!(eyebrow("fr").contains("1\u{202f}: "), "{}", eyebrow("fr"));
}

/// README's "Adding a language", followed for German on the clean mini site
/// (tests/fixtures/languages/german): `de` in site.yaml, i18n/de.yaml with an `xref`
/// pattern, titles/de.yaml and the pages in German. The fixture's i18n/de.yaml has a
/// few German strings; every other one is the built-in English string, as it is for a
/// translator who copied accord's i18n/en.yaml and has not finished yet.
fn german_site() -> Site {
    let site = Site::check_base().overlay("languages/german/site");
    let read = |path: &std::path::Path| -> serde_yaml::Value {
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let english = read(&repo_root().join("i18n/en.yaml"));
    let mut german = read(&site.path().join("i18n/de.yaml"));
    let strings = german["strings"].as_mapping_mut().unwrap();
    for (key, value) in english["strings"].as_mapping().unwrap() {
        if !strings.contains_key(key) {
            strings.insert(key.clone(), value.clone());
        }
    }
    site.write("i18n/de.yaml", serde_yaml::to_string(&german).unwrap());
    site.stamp(&["--lang", "de"]);
    site
}

#[test]
fn a_language_added_as_the_readme_says_gets_its_dates_and_country_names_without_a_warning() {
    let site = german_site();
    let run = site.build();
    run.assert_success();
    assert_eq!(run.build_warnings(), Vec::<String>::new(), "{}", run.stderr());

    let status = run.html("de/status/index.html");
    assert_eq!(text_of(&status, ".as-of"), "Stand: 19. November 2025");
    let cells: Vec<String> = status
        .select(&sel("table.participants tr[data-code=FR] > *"))
        .map(|c| crate::harness::collapse(&c.text().collect::<String>()))
        .collect();
    assert_eq!(cells, ["Frankreich", "25. Oktober 2025", "1. November 2025"]);
    // Sorted by German collation: Europäische Union, Frankreich, Vietnam.
    let names: Vec<String> = status.select(&sel("table.participants tbody th a")).map(|a| a.text().collect()).collect();
    assert_eq!(names, ["Europäische Union", "Frankreich", "Vietnam"]);
    // Numeric dates (the chart's axis) as German writes them.
    let axis: Vec<String> = status.select(&sel(".chart-x-ticks span")).map(|t| t.text().collect()).collect();
    assert_eq!(axis, ["25.10.2025", "01.11.2025", "19.11.2025"]);

    // German mentions of articles become links, through the language's own pattern.
    let article = run.html("de/convention/article-01/index.html");
    let xrefs: Vec<(String, String)> = article
        .select(&sel("main a.xref"))
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap_or_default().to_owned()))
        .collect();
    assert!(xrefs.contains(&("Artikel 3".to_owned(), "/de/convention/article-03/".to_owned())), "{xrefs:?}");

    let check = site.check_with(&["--format", "json"]);
    check.assert_code(0);
    assert_eq!(check.check_diagnostics(), Vec::<(String, String, String)>::new());
}

#[test]
fn a_language_without_an_xref_pattern_is_warned_about_by_build_and_check() {
    let site = german_site();
    let text = std::fs::read_to_string(site.path().join("i18n/de.yaml")).unwrap();
    let mut strings: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    strings.as_mapping_mut().unwrap().remove("xref");
    site.write("i18n/de.yaml", serde_yaml::to_string(&strings).unwrap());

    let run = site.build();
    run.assert_success();
    let warnings = run.build_warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr());
    assert!(warnings[0].contains("no `xref` pattern for `de`"), "{}", run.stderr());
    run.stderr_contains("--> i18n/de.yaml");
    // What it warns of: German mentions are no longer links.
    let article = run.html("de/convention/article-01/index.html");
    assert_eq!(article.select(&sel("main a.xref")).count(), 0);

    let check = site.check_with(&["--format", "json"]);
    check.assert_code(0);
    let found = check.check_diagnostics();
    assert_eq!(found, [("warning".to_owned(), "xref".to_owned(), "i18n/de.yaml".to_owned())]);
}
