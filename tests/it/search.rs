//! Search in every language: the multilingual fixture's index queried through the site's own
//! search.js and pagefind.js under Node (what the search page does in a reader's
//! browser), and the search page's markup.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::OnceLock;

use scraper::Html;
use serde::Deserialize;

use crate::harness::{
    MULTILINGUAL, attr_of, collapse, convention, fixtures, languages, multilingual, repo_root, sel, signatories,
    text_of,
};

#[derive(Debug, Deserialize)]
struct Answer {
    lang: String,
    query: String,
    /// Bytes the query fetched when it was the first in its language.
    bytes: u64,
    count: usize,
    results: Vec<Hit>,
}

#[derive(Debug, Deserialize)]
struct Hit {
    url: String,
    title: String,
    number: String,
    chapter: String,
    fallback: String,
    excerpt: String,
}

/// An article's title in one language, and whether that language has its own text.
struct TitleQuery {
    lang: String,
    number: u32,
    title: String,
    translated: bool,
}

/// Every article title in every language, from the data files.
fn titles() -> &'static Vec<TitleQuery> {
    static TITLES: OnceLock<Vec<TitleQuery>> = OnceLock::new();
    TITLES.get_or_init(|| {
        let convention = convention();
        let mut queries = Vec::new();
        for lang in languages() {
            let titles: BTreeMap<u32, String> = if lang == "en" {
                convention.articles().map(|(_, a)| (a.number, a.title.clone())).collect()
            } else {
                let path = fixtures().join(MULTILINGUAL).join(format!("content/data/titles/{lang}.yaml"));
                let text = std::fs::read_to_string(&path).unwrap();
                accord::content::data::parse_titles(&path, &text, &convention).unwrap().articles
            };
            for (chapter, article) in convention.articles() {
                let file =
                    format!("content/{lang}/convention/chapter-{:02}/article-{:02}.md", chapter.number, article.number);
                queries.push(TitleQuery {
                    lang: lang.clone(),
                    number: article.number,
                    title: titles[&article.number].clone(),
                    translated: multilingual().0.path().join(&file).is_file(),
                });
            }
        }
        queries
    })
}

const ZH_TWO_CHARACTERS: &str = "证据"; // "evidence", written inside longer runs of text
const AR_INFLECTED: &str = "تسليمهم"; // "their extradition"; the text never has this form
// The everyday Russian word for extradition; the convention's Russian text says "выдача".
const RU_EVERYDAY: &str = "экстрадиция";
const EN_COMMON_WORD: &str = "which";

/// Every query of this file, run once through Node, by language and query.
fn answers() -> &'static BTreeMap<(String, String), Answer> {
    static ANSWERS: OnceLock<BTreeMap<(String, String), Answer>> = OnceLock::new();
    ANSWERS.get_or_init(|| {
        let (_, run) = multilingual();
        let mut queries: Vec<(String, String)> = Vec::new();
        for lang in languages() {
            // The first query of each language (a title) is the one whose download is measured.
            queries.extend(titles().iter().filter(|t| t.lang == lang).map(|t| (lang.clone(), t.title.clone())));
            queries.push((lang.clone(), EN_COMMON_WORD.to_owned()));
        }
        queries.push(("zh".into(), ZH_TWO_CHARACTERS.into()));
        queries.push(("ar".into(), AR_INFLECTED.into()));
        queries.push(("ru".into(), RU_EVERYDAY.into()));
        let list: Vec<BTreeMap<&str, &str>> =
            queries.iter().map(|(l, q)| BTreeMap::from([("lang", l.as_str()), ("query", q.as_str())])).collect();
        let file = run.out.parent().unwrap().join("queries.json");
        std::fs::write(&file, serde_json::to_vec(&list).unwrap()).unwrap();
        let output = Command::new("node")
            .arg(repo_root().join("tests/it/search_query.mjs"))
            .arg(&run.out)
            .arg(&file)
            .output()
            .expect("node (Node.js 18 or later) must be installed to run the search tests");
        assert!(output.status.success(), "node failed:\n{}", String::from_utf8_lossy(&output.stderr));
        let answers: Vec<Answer> = serde_json::from_slice(&output.stdout).unwrap();
        answers.into_iter().map(|a| ((a.lang.clone(), a.query.clone()), a)).collect()
    })
}

fn answer(lang: &str, query: &str) -> &'static Answer {
    &answers()[&(lang.to_owned(), query.to_owned())]
}

fn article_url(lang: &str, number: u32) -> String {
    format!("/{lang}/convention/article-{number:02}/")
}

#[test]
fn in_every_language_a_translated_articles_title_finds_that_article_first() {
    let mut failures = Vec::new();
    for lang in languages() {
        let translated: Vec<&TitleQuery> = titles().iter().filter(|t| t.lang == lang && t.translated).collect();
        assert!(!translated.is_empty(), "no translated article in {lang}");
        for t in translated {
            let a = answer(&lang, &t.title);
            let expected = article_url(&lang, t.number);
            // An article titled like its chapter (chapter 6 and article 53 in Chinese) may
            // rank second, after the chapter: both are right answers to that query.
            let first_chapter = a.results.first().is_some_and(|h| h.url.contains("/convention/chapter-"));
            let hit = match a.results.get(1) {
                Some(second) if first_chapter && second.url == expected => Some(second),
                _ => a.results.first(),
            };
            match hit {
                Some(hit) if hit.url == expected => {
                    assert_eq!(hit.title, t.title, "{lang} {expected}");
                    assert!(!hit.number.is_empty() && !hit.chapter.is_empty(), "{lang} {expected}: {hit:?}");
                    assert!(hit.excerpt.contains("<mark>"), "{lang} {expected}: no highlight in {:?}", hit.excerpt);
                    assert_eq!(hit.fallback, "", "{lang} {expected} is translated");
                }
                first => {
                    failures.push(format!("{lang} {:?}: {:?}, expected {expected}", t.title, first.map(|h| &h.url)))
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} title queries did not find their article first:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn chinese_two_characters_find_a_match_inside_a_sentence() {
    let a = answer("zh", ZH_TWO_CHARACTERS);
    let marked = format!("<mark>{ZH_TWO_CHARACTERS}</mark>");
    let inside = a.results.iter().any(|hit| {
        hit.excerpt.match_indices(&marked).any(|(at, _)| {
            let before = hit.excerpt[..at].chars().next_back();
            let after = hit.excerpt[at + marked.len()..].chars().next();
            [before, after].iter().all(|c| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        })
    });
    assert!(inside, "no excerpt shows {ZH_TWO_CHARACTERS} between other characters: {:#?}", a.results);
}

#[test]
fn arabic_an_inflected_form_finds_the_base_form() {
    let (_, run) = multilingual();
    // The query's own form is nowhere in the Arabic pages: only a stem can match.
    for entry in walkdir::WalkDir::new(run.out.join("ar")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap())
                .root_element()
                .text()
                .collect::<String>();
            assert!(!text.contains(AR_INFLECTED), "{} has {AR_INFLECTED}", entry.path().display());
        }
    }
    // Only a stem can match, so every hit is found through one, its excerpt marking a
    // form of the word.
    let a = answer("ar", AR_INFLECTED);
    assert!(!a.results.is_empty(), "no result");
    assert!(a.results.iter().any(|h| h.excerpt.contains("تسليم</mark>")), "{:#?}", a.results);
}

#[test]
fn a_participants_page_is_indexed_by_its_own_facts() {
    // "Signature" and "Signed on …" must not run together into one word
    // ("SignatureSigned"): neither would be found.
    let (_, run) = multilingual();
    let fragments = index_entries(&run.out);
    let convention = convention();
    let participants = signatories(&convention).participants;
    for lang in languages() {
        for p in &participants {
            let url = format!("/{lang}/status/{}/", p.code.as_str().to_ascii_lowercase());
            let html = run.html(&format!("{}index.html", &url[1..]));
            // Pagefind marks the word breaks it found in Chinese with zero-width spaces.
            let content = fragments[&url]["content"].as_str().unwrap().replace('\u{200b}', "");
            let terms: Vec<String> =
                html.select(&sel(".facts dt")).map(|e| collapse(&e.text().collect::<String>())).collect();
            let values: Vec<String> =
                html.select(&sel(".facts dd")).map(|e| collapse(&e.text().collect::<String>())).collect();
            assert!(!terms.is_empty() && terms.len() == values.len(), "{url}");
            for (term, value) in terms.iter().zip(&values) {
                assert!(content.contains(term.as_str()) && content.contains(value.as_str()), "{url}: {content}");
                assert!(!content.contains(&format!("{term}{value}")), "{url}: {term:?} runs into {value:?}");
            }
            // What every participant's page says alike (no statements recorded, the
            // sources' addresses, the link back) is not indexed: "chapter" or "sources"
            // would otherwise find every participant's page.
            let boilerplate: Vec<String> = html
                .select(&sel("main p[data-pagefind-ignore], main ul[data-pagefind-ignore]"))
                .map(|e| collapse(&e.text().collect::<String>()))
                .collect();
            let mut ignored = 0;
            for text in boilerplate.iter().filter(|t| !t.is_empty()) {
                assert!(!content.contains(text.as_str()), "{url}: {text:?} is indexed");
                ignored += 1;
            }
            assert!(ignored >= 2, "{url}: sources and the link back are indexed");
            assert!(!content.contains("http"), "{url}: {content}");
        }
    }
}

#[test]
fn russian_the_everyday_word_for_extradition_finds_the_chapter_on_it() {
    // Article 4 (Extradition) is not translated into Russian; the chapter on cooperation,
    // which is, names it with both words, and its page links to the article.
    let a = answer("ru", RU_EVERYDAY);
    let urls: Vec<&str> = a.results.iter().map(|hit| hit.url.as_str()).collect();
    assert!(urls.contains(&"/ru/convention/chapter-03/"), "{urls:?}");
    assert!(a.results.iter().any(|hit| hit.excerpt.contains("<mark>")), "{:#?}", a.results);
}

#[test]
fn english_text_of_untranslated_pages_stays_out_of_other_languages() {
    // Four English pages say "which", the untranslated article 3 among them.
    assert!(answer("en", EN_COMMON_WORD).count >= 4, "{:#?}", answer("en", EN_COMMON_WORD));
    for lang in languages().iter().filter(|l| *l != "en") {
        let a = answer(lang, EN_COMMON_WORD);
        assert_eq!(a.count, 0, "English text in the {lang} index: {:#?}", a.results);
        // An untranslated article is still found by its title in the reader's language,
        // and the result says its text is in English.
        let t = titles().iter().find(|t| &t.lang == lang && !t.translated).expect("an untranslated article");
        let first = &answer(lang, &t.title).results[0];
        assert_eq!(first.url, article_url(lang, t.number));
        assert_eq!(first.fallback, "en");
    }
}

#[test]
fn a_first_query_downloads_little_and_the_index_stays_small() {
    let (_, run) = multilingual();
    for lang in languages() {
        let first = &titles().iter().find(|t| t.lang == lang).unwrap().title;
        let a = answer(&lang, first);
        // Entry file, metadata, the language's wasm, index chunks, ten result fragments.
        assert!(a.bytes > 0 && a.bytes < 300_000, "{lang}: the first query fetched {} bytes", a.bytes);
    }
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.out.join("pagefind/pagefind-entry.json")).unwrap()).unwrap();
    let indexed: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
    let mut expected = languages();
    expected.sort();
    assert_eq!(indexed, expected.iter().collect::<Vec<_>>());
    // Pagefind's own ready-made interfaces are not shipped: the theme has its own.
    assert!(!run.out.join("pagefind/pagefind-ui.js").exists());
}

#[test]
fn the_search_page_speaks_the_readers_language_and_works_without_javascript() {
    let (_, run) = multilingual();
    for lang in languages() {
        let html = run.html(&format!("{lang}/search/index.html"));
        let dir = attr_of(&html, "html", "dir").unwrap();
        assert_eq!(dir, if ["ar", "ur"].contains(&lang.as_str()) { "rtl" } else { "ltr" });
        // Without JavaScript: a notice with links to the table of contents and the full text.
        let noscript = html.select(&sel("noscript")).next().expect("noscript");
        // Parsed as a browser with scripting on does, <noscript> holds its markup as text.
        let notice = Html::parse_fragment(&noscript.text().collect::<String>());
        let links: Vec<&str> = notice.select(&sel("a")).filter_map(|a| a.value().attr("href")).collect();
        assert_eq!(links, [format!("/{lang}/convention/"), format!("/{lang}/convention/full/")]);
        // With it: a form reading ?q=, strings for the script, the script from this site.
        let root = html.select(&sel("#search")).next().expect("#search");
        for key in ["data-results", "data-no-results", "data-loading", "data-fallback"] {
            assert!(!root.value().attr(key).unwrap_or_default().is_empty(), "{lang}: {key}");
        }
        assert_eq!(root.value().attr("data-bundle"), Some("/pagefind/"));
        assert_eq!(attr_of(&html, "#search form", "action"), Some(format!("/{lang}/search/")));
        assert_eq!(attr_of(&html, "script[type=module]", "src").as_deref(), Some("/search.js"));
        // The search page itself is not indexed.
        assert!(attr_of(&html, "main", "data-pagefind-body").is_none());
    }
    // The page's own strings: French on the French page.
    let button = |lang: &str| text_of(&run.html(&format!("{lang}/search/index.html")), "#search form button");
    assert_eq!(button("en"), "Search");
    assert_ne!(button("fr"), button("en"));
}

#[test]
fn article_pages_mark_what_search_indexes() {
    let (_, run) = multilingual();
    let html = run.html("en/convention/article-04/index.html");
    assert!(attr_of(&html, "main", "data-pagefind-body").is_some());
    assert_eq!(attr_of(&html, "h1", "data-pagefind-weight").as_deref(), Some("10"));
    assert_eq!(collapse(&text_of(&html, "[data-pagefind-meta=number]")), "Article 4");
    // The chapter above the title, the notice and the related articles are not the
    // article's text. (The links to the previous and next articles are in a `<nav>`, which
    // Pagefind leaves out by itself.)
    for ignored in [".eyebrow", ".notice-summary", ".related"] {
        assert!(attr_of(&html, ignored, "data-pagefind-ignore").is_some(), "{ignored}");
    }
    assert!(run.out.join("search.js").is_file());

    // In the index itself: article 4's entry has its own text and not its neighbours' titles.
    let content = index_entries(&run.out)["/en/convention/article-04/"]["content"].as_str().unwrap().to_owned();
    assert!(content.contains("Extradition"), "{content}");
    let convention = convention();
    for (_, article) in convention.articles().filter(|(_, a)| a.number == 3 || a.number == 5) {
        assert!(!content.contains(&article.title), "article {}'s title is indexed on 4: {content}", article.number);
    }
}

/// Every page's entry in the built index (Pagefind's fragment files), by URL.
fn index_entries(site: &std::path::Path) -> BTreeMap<String, serde_json::Value> {
    std::fs::read_dir(site.join("pagefind/fragment"))
        .unwrap()
        .map(|file| gunzip(&std::fs::read(file.unwrap().path()).unwrap()))
        .map(|entry| (entry["url"].as_str().unwrap().to_owned(), entry))
        .collect()
}

/// A Pagefind index file: gzip around a `pagefind_dcd` marker and the JSON.
fn gunzip(bytes: &[u8]) -> serde_json::Value {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).unwrap();
    serde_json::from_str(text.strip_prefix("pagefind_dcd").unwrap()).unwrap()
}
