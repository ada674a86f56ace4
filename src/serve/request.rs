//! From a request's path to a file of the built site. Requests are resolved against
//! the in-memory output only (the disk is never read), and any path that tries to
//! climb, hide a dot or a slash in percent-encoding, use a backslash, a drive letter,
//! a NUL or a doubled slash is refused before the lookup: such requests get 404.

use percent_encoding::percent_decode_str;

use crate::output::SiteOutput;

/// What to answer for a request path.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file of the site, by its output path.
    File(String),
    /// A folder asked for without its trailing slash: go to `location`.
    Redirect(String),
    NotFound,
}

/// Resolves the raw (still percent-encoded) path of a request against the site.
pub fn resolve(raw_path: &str, site: &SiteOutput) -> Lookup {
    let Some(key) = output_key(raw_path) else {
        return Lookup::NotFound;
    };
    if site.files.contains_key(&key) {
        return Lookup::File(key);
    }
    if !key.is_empty() && !key.ends_with("index.html") {
        let index = format!("{key}/index.html");
        if site.files.contains_key(&index) {
            return Lookup::Redirect(format!("{raw_path}/"));
        }
    }
    Lookup::NotFound
}

/// The output path a request path names (`/en/` is `en/index.html`), or `None` when
/// the path is unsafe or malformed.
pub fn output_key(raw_path: &str) -> Option<String> {
    let rest = raw_path.strip_prefix('/')?;
    // Encoded dots, slashes and backslashes have no business in a site's URLs; refusing
    // them outright is simpler than proving every decoding order safe.
    let lower = rest.to_ascii_lowercase();
    if ["%2e", "%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return None;
    }
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    if decoded.chars().any(|c| c == '\\' || c == ':' || c.is_control()) {
        return None;
    }
    let mut segments: Vec<&str> = decoded.split('/').collect();
    let folder = segments.last() == Some(&"");
    if folder {
        segments.pop();
    }
    if segments.iter().any(|s| s.is_empty() || *s == "." || *s == "..") {
        return None;
    }
    let mut key = segments.join("/");
    if folder {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteOutput {
        let mut site = SiteOutput::default();
        for path in ["index.html", "en/index.html", "style.css", "en/a b/index.html"] {
            site.insert(path, b"x".to_vec());
        }
        site
    }

    #[test]
    fn folders_map_to_their_index() {
        let site = site();
        assert_eq!(resolve("/", &site), Lookup::File("index.html".into()));
        assert_eq!(resolve("/en/", &site), Lookup::File("en/index.html".into()));
        assert_eq!(resolve("/en", &site), Lookup::Redirect("/en/".into()));
        assert_eq!(resolve("/style.css", &site), Lookup::File("style.css".into()));
        assert_eq!(resolve("/en/a%20b/", &site), Lookup::File("en/a b/index.html".into()));
        assert_eq!(resolve("/fr/", &site), Lookup::NotFound);
    }

    #[test]
    fn traversal_and_disguised_paths_are_refused() {
        for path in [
            "/../site.yaml",
            "/en/../../etc/passwd",
            "/en/./index.html",
            "/%2e%2e/site.yaml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/.%2e/site.yaml",
            "/en%2findex.html",
            "/en%2Findex.html",
            "/..%5csite.yaml",
            "/en\\..\\site.yaml",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "/en/index.html%00.css",
            "/en/%c0%ae%c0%ae/site.yaml",
            "relative/index.html",
            "",
        ] {
            assert_eq!(output_key(path), None, "{path}");
        }
    }
}
