//! The search index's tests: what is indexed in which language, the trimmed pages, the cache.

use super::cache::{CACHE_FORMAT, decode_cache};
use super::*;

fn lang(code: &str) -> LangId {
    LangId::parse(code).unwrap()
}

fn root() -> BaseUrl {
    BaseUrl::parse("https://example.org/").unwrap()
}

/// Every page URL the index of the output's fragments holds.
fn indexed_urls(out: &SiteOutput) -> Vec<String> {
    use std::io::Read;
    let mut urls = Vec::new();
    for (path, bytes) in out.files.iter().filter(|(p, _)| p.ends_with(".pf_fragment")) {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice()).read_to_string(&mut text).unwrap();
        let json = &text[text.find('{').unwrap_or_else(|| panic!("{path}: no JSON"))..];
        let fragment: serde_json::Value = serde_json::from_str(json).unwrap();
        urls.push(fragment["url"].as_str().unwrap().to_owned());
    }
    urls
}

#[test]
fn the_index_links_pages_below_the_base_urls_path() {
    let mut out = SiteOutput::default();
    out.insert("fr/a/index.html", page("fr", "Un", "<p>texte</p>"));
    out.insert("fr/index.html", page("fr", "Accueil", "<p>accueil</p>"));
    let base = BaseUrl::parse("https://example.org/sub/").unwrap();
    add_index(&mut out, &[lang("fr")], &base, None).unwrap();
    let mut urls = indexed_urls(&out);
    urls.sort();
    assert_eq!(urls, ["/sub/fr/", "/sub/fr/a/"]);
}

fn page(lang: &str, title: &str, body: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head>\
         <body><main data-pagefind-body><h1>{title}</h1>{body}</main></body></html>"
    )
    .into_bytes()
}

fn site() -> SiteOutput {
    let mut site = SiteOutput::default();
    site.insert("en/convention/article-37/index.html", page("en", "Extradition", "<p>Extradition between States.</p>"));
    site.insert(
        "fr/convention/article-37/index.html",
        page("fr", "Extradition", "<div lang=\"en\"><p>Untranslated English text.</p></div>"),
    );
    site.insert("fr/convention/article-38/index.html", page("fr", "Transfèrement", "<p>Les personnes condamnées.</p>"));
    site.insert("index.html", page("en", "Chooser", ""));
    site
}

#[test]
fn every_language_gets_its_own_index_in_one_bundle() {
    let mut out = site();
    let stats = add_index(&mut out, &[lang("en"), lang("fr")], &root(), None).unwrap();
    assert_eq!(stats[&lang("en")].pages, 1);
    assert_eq!(stats[&lang("fr")].pages, 2);
    assert!(stats[&lang("fr")].bytes > 0);
    let entry: serde_json::Value = serde_json::from_slice(out.get("pagefind/pagefind-entry.json").unwrap()).unwrap();
    let languages: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
    assert_eq!(languages, ["en", "fr"]);
    assert!(out.get("pagefind/pagefind.js").is_some());
    assert!(out.get("pagefind/wasm.fr.pagefind").is_some());
    assert!(out.get("pagefind/pagefind-ui.js").is_none());
}

#[test]
fn text_in_another_language_stays_out_of_the_index() {
    let mut out = site();
    add_index(&mut out, &[lang("fr")], &root(), None).unwrap();
    let fragments: Vec<String> =
        out.files.iter().filter(|(p, _)| p.ends_with(".pf_fragment")).map(|(_, bytes)| gunzip(bytes)).collect();
    assert_eq!(fragments.len(), 2);
    assert!(fragments.iter().any(|f| f.contains("Transfèrement")));
    assert!(fragments.iter().all(|f| !f.contains("Untranslated")));
}

#[test]
fn the_index_is_the_same_bytes_every_time() {
    let mut one = site();
    let mut two = site();
    add_index(&mut one, &[lang("en"), lang("fr")], &root(), None).unwrap();
    add_index(&mut two, &[lang("fr"), lang("en")], &root(), None).unwrap();
    assert_eq!(one, two);
}

#[test]
fn indexing_one_language_again_gives_what_indexing_all_would() {
    let mut edited = site();
    add_index(&mut edited, &[lang("en"), lang("fr")], &root(), None).unwrap();
    let page = page("fr", "Transfèrement", "<p>Les personnes condamnées et leurs droits.</p>");
    edited.insert("fr/convention/article-38/index.html", page.clone());
    add_index(&mut edited, &[lang("fr")], &root(), None).unwrap();

    let mut fresh = site();
    fresh.insert("fr/convention/article-38/index.html", page);
    add_index(&mut fresh, &[lang("en"), lang("fr")], &root(), None).unwrap();
    assert_eq!(edited.files.keys().collect::<Vec<_>>(), fresh.files.keys().collect::<Vec<_>>());
    assert_eq!(edited, fresh);
}

#[test]
fn a_cached_index_is_used_only_for_the_same_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = IndexCache::new(tmp.path());
    let mut fresh = site();
    add_index(&mut fresh, &[lang("en"), lang("fr")], &root(), None).unwrap();

    let mut first = site();
    add_index(&mut first, &[lang("en"), lang("fr")], &root(), Some(&cache)).unwrap();
    assert_eq!(first, fresh);
    let mut second = site();
    add_index(&mut second, &[lang("en"), lang("fr")], &root(), Some(&cache)).unwrap();
    assert_eq!(second, fresh);

    // A cached index is what gets used: one whose key matches is taken as it is ...
    let path = cache.path(&lang("fr"));
    let mut cached = decode_cache(&std::fs::read(&path).unwrap()).unwrap();
    cached.files.push(("marker.txt".into(), b"from the cache".to_vec()));
    std::fs::write(&path, postcard::to_extend(&cached, CACHE_FORMAT.to_vec()).unwrap()).unwrap();
    let mut third = site();
    add_index(&mut third, &[lang("fr")], &root(), Some(&cache)).unwrap();
    assert_eq!(third.get("pagefind/marker.txt"), Some(&b"from the cache"[..]));

    // ... and an edit to a page changes the key, so the language is indexed again.
    let edited = page("fr", "Transfèrement", "<p>Les personnes condamnées et leurs droits.</p>");
    let mut changed = site();
    changed.insert("fr/convention/article-38/index.html", edited.clone());
    add_index(&mut changed, &[lang("fr")], &root(), Some(&cache)).unwrap();
    let mut expected = site();
    expected.insert("fr/convention/article-38/index.html", edited);
    add_index(&mut expected, &[lang("fr")], &root(), None).unwrap();
    assert_eq!(changed, expected);
    assert!(changed.get("pagefind/marker.txt").is_none());
}

/// Issue #14: the cache was bincode 1 (unmaintained, RUSTSEC-2025-0141). A file left by
/// an accord that wrote it, even one for these very pages, is ignored, not misread.
#[test]
fn a_cache_file_of_the_bincode_format_is_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = IndexCache::new(tmp.path());
    let mut fresh = site();
    add_index(&mut fresh, &[lang("fr")], &root(), Some(&cache)).unwrap();
    let path = cache.path(&lang("fr"));
    let mut cached = decode_cache(&std::fs::read(&path).unwrap()).unwrap();
    cached.files.push(("marker.txt".into(), b"from the old cache".to_vec()));
    // bincode 1's encoding: every length a little-endian u64.
    fn put(old: &mut Vec<u8>, bytes: &[u8]) {
        old.extend((bytes.len() as u64).to_le_bytes());
        old.extend(bytes);
    }
    let mut old = Vec::new();
    put(&mut old, cached.key.as_bytes());
    old.extend((cached.files.len() as u64).to_le_bytes());
    for (name, contents) in &cached.files {
        put(&mut old, name.as_bytes());
        put(&mut old, contents);
    }
    std::fs::write(&path, old).unwrap();
    let mut again = site();
    add_index(&mut again, &[lang("fr")], &root(), Some(&cache)).unwrap();
    assert!(again.get("pagefind/marker.txt").is_none());
    assert_eq!(again, fresh);
}

#[test]
fn a_broken_cache_file_means_indexing_again() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = IndexCache::new(tmp.path());
    std::fs::write(cache.path(&lang("en")), b"not an index").unwrap();
    let mut with_cache = site();
    add_index(&mut with_cache, &[lang("en")], &root(), Some(&cache)).unwrap();
    let mut without = site();
    add_index(&mut without, &[lang("en")], &root(), None).unwrap();
    assert_eq!(with_cache, without);
}

#[test]
fn pagefind_reads_only_the_main_element_of_a_page_like_the_themes() {
    let page = "<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\
                <title>Article 5 · Site</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n\
                <body class=\"kind-article\">\n<header><a href=\"/fr/\">Site</a><nav>…</nav></header>\n\
                <main id=\"main\" data-pagefind-body><h1>Article 5</h1><p>Texte.</p></main>\n\
                <footer>Pied de page</footer>\n</body>\n</html>\n";
    assert_eq!(
        search_view(page),
        "<html lang=\"fr\" dir=\"ltr\"><head><title>Article 5 · Site</title></head><body class=\"kind-article\">\
         <main id=\"main\" data-pagefind-body><h1>Article 5</h1><p>Texte.</p></main></body></html>"
    );
}

#[test]
fn a_page_is_passed_whole_when_anything_outside_main_could_count() {
    let page = |head: &str, before: &str, main: &str, after: &str| {
        format!(
            "<html lang=\"en\"><head><title>T</title>{head}</head><body>{before}\
             <main data-pagefind-body>{main}</main>{after}</body></html>"
        )
    };
    let whole = [
        page("<meta data-pagefind-meta=\"image[content]\" content=\"/a.png\">", "", "<h1>T</h1>", ""),
        page("", "<h1>Site</h1>", "<h1>T</h1>", ""),
        page("", "", "<h1>T</h1>", "<img src=\"/a.png\" alt=\"\">"),
        page("", "", "<h1>T</h1>", "<p data-pagefind-filter=\"kind\">x</p>"),
        page("", "", "<h1>T</h1><main>nested</main>", ""),
        "<html><body><main><h1>No body mark</h1></main></body></html>".to_string(),
        "<html><body><div data-pagefind-body><h1>No main</h1></div></body></html>".to_string(),
    ];
    for html in &whole {
        assert!(matches!(search_view(html), Cow::Borrowed(_)), "trimmed: {html}");
    }
    assert!(matches!(search_view(&page("", "<p>header</p>", "<h1>T</h1>", "<p>footer</p>")), Cow::Owned(_)));
}

/// The reason [`search_view`] is safe: on a site in six languages (the multilingual
/// fixture), every page kind of the theme, the index built from the trimmed pages is
/// the index built from the whole pages, byte for byte.
#[test]
fn the_trimmed_pages_give_the_index_of_the_whole_pages() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base/multilingual");
    let loaded =
        crate::build::load(crate::source::read_site(&root, crate::source::PageText::Held).unwrap(), None).unwrap();
    let renderer = crate::build::compile_templates(&loaded).unwrap();
    let (site, _) = crate::build::render(&loaded, &renderer).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut trimmed_pages = 0;
    for language in &loaded.model.config.languages {
        let pages = pages_to_index(&site, &language.id);
        trimmed_pages += pages
            .iter()
            .filter(|(_, bytes)| matches!(search_view(std::str::from_utf8(bytes).unwrap()), Cow::Owned(_)))
            .count();
        let index = |view| {
            let mut files =
                runtime.block_on(index_language(&language.id, &pages, &loaded.model.config.base_url, view)).unwrap();
            files.sort_by(|a, b| a.filename.cmp(&b.filename));
            files
        };
        let trimmed = index(search_view);
        let whole = index(|html| Cow::Borrowed(html));
        assert_eq!(trimmed.len(), whole.len(), "{}", language.id);
        for (a, b) in trimmed.iter().zip(&whole) {
            assert_eq!(a.filename, b.filename, "{}", language.id);
            assert!(a.contents == b.contents, "{}: {:?} differs", language.id, a.filename);
        }
    }
    // Every indexed page of the theme is trimmed (the test would prove nothing otherwise).
    let indexed: usize = loaded.model.config.languages.iter().map(|l| pages_to_index(&site, &l.id).len()).sum();
    assert_eq!(trimmed_pages, indexed);
    runtime.shutdown_background();
}

/// `count` small pages in each of the languages `codes`, for the tests of threading.
fn pages_in(codes: &[&str], count: usize) -> (Vec<LangId>, SiteOutput) {
    let mut site = SiteOutput::default();
    for code in codes {
        for n in 0..count {
            site.insert(format!("{code}/p{n}/index.html"), page(code, &format!("Page {n}"), "<p>Some words.</p>"));
        }
    }
    (codes.iter().map(|code| lang(code)).collect(), site)
}

#[test]
fn several_indexes_built_at_once_do_not_enter_each_others_runtime() {
    // As the tests do: several callers at once, here all from the same rayon pool.
    let codes = ["en", "fr", "es", "ar", "zh", "ru", "vi", "ur"];
    let (languages, site) = pages_in(&codes, 100);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build().unwrap();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..3 {
                    let mut out = site.clone();
                    let stats = pool.install(|| add_index(&mut out, &languages, &root(), None)).unwrap();
                    assert_eq!(stats.len(), codes.len());
                }
            });
        }
    });
}

#[test]
fn many_languages_index_on_many_threads_without_entering_the_runtime_twice() {
    // Pagefind uses rayon inside its async calls. Were languages rayon jobs, a thread
    // waiting there could take another language's job and block on the runtime it is
    // already in: "Cannot start a runtime from within a runtime".
    let codes = ["en", "fr", "es", "ar", "zh", "ru", "vi", "ur", "de", "it", "pt", "ja", "ko", "nl", "pl", "tr"];
    let (languages, site) = pages_in(&codes, 150);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build().unwrap();
    for _ in 0..10 {
        let mut out = site.clone();
        let stats = pool.install(|| add_index(&mut out, &languages, &root(), None)).unwrap();
        assert_eq!(stats.len(), codes.len());
        assert!(stats.values().all(|s| s.pages == 150));
    }
}

/// Pagefind's files are gzip streams whose content starts with a `pagefind_dcd` marker.
fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).unwrap();
    text
}
