//! `accord serve`, end to end: the real binary as a child process on a free port,
//! serving a temporary copy of a fixture site. The tests fetch pages with an HTTP
//! client, listen to the reload events, edit files the ways editors do, break them
//! and fix them, and try to read files outside the site.
//!
//! Every wait is bounded (`WAIT`) and no assertion is about time.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use scraper::Html;

use crate::harness::{Site, fixtures, sel, text_of};

/// The longest any step may take before the test gives up: generous, for slow CI.
const WAIT: Duration = Duration::from_secs(60);
const ABOUT: &str = "content/en/about.md";

struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    origin: String,
    /// Everything the server prints, line by line, stdout and stderr together.
    output: Receiver<String>,
    seen: std::cell::RefCell<Vec<String>>,
}

struct Reply {
    status: u16,
    content_type: String,
    location: Option<String>,
    body: String,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &Site, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
            .arg("serve")
            .arg("--root")
            .arg(site.path())
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, output) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        for stream in [Box::new(out) as Box<dyn Read + Send>, Box::new(err)] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let mut server = Server { child, origin: String::new(), output, seen: Default::default() };
        let line = server.wait_for_output("serving the site at ");
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap();
        server.origin = url.trim_end_matches('/').to_owned();
        server
    }

    /// Waits for a line of output containing `text` and returns it.
    #[track_caller]
    fn wait_for_output(&self, text: &str) -> String {
        if let Some(line) = self.seen.borrow().iter().find(|l| l.contains(text)) {
            return line.clone();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(line) => {
                    self.seen.borrow_mut().push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => panic!("no output line with {text:?}; got:\n{}", self.seen.borrow().join("\n")),
            }
        }
    }

    fn get(&self, path: &str) -> Reply {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(WAIT))
            .build()
            .into();
        let mut response = agent.get(format!("{}{path}", self.origin)).call().unwrap();
        let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
        let content_type = header("content-type").unwrap_or_default();
        let location = header("location");
        Reply {
            status: response.status().as_u16(),
            content_type,
            location,
            body: response.body_mut().read_to_string().unwrap(),
        }
    }

    fn html(&self, path: &str) -> Html {
        let reply = self.get(path);
        assert_eq!(reply.status, 200, "{path}");
        Html::parse_document(&reply.body)
    }

    /// Sends `target` exactly as written, which an HTTP client would normalise.
    fn raw(&self, target: &str) -> (u16, String) {
        self.raw_to(target, self.origin.trim_start_matches("http://"))
    }

    /// [`Server::raw`] with `host` in the `Host` header.
    fn raw_to(&self, target: &str, host: &str) -> (u16, String) {
        self.raw_request(&format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
    }

    /// Sends `request` (head and all) as written and reads the reply until the server closes.
    fn raw_request(&self, request: &str) -> (u16, String) {
        let address = self.origin.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        let reply = String::from_utf8_lossy(&reply).into_owned();
        let status = reply.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, reply)
    }

    /// Listens to the reload events; returns once the server said hello.
    fn events(&self) -> Events {
        self.events_of("")
    }

    /// Listens to the reload events as the page at output path `page` does.
    fn events_of(&self, page: &str) -> Events {
        let (sender, receiver) = mpsc::channel();
        let url = format!("{}/__accord/events?page={page}", self.origin);
        std::thread::spawn(move || {
            let response = ureq::get(&url).call().unwrap();
            let reader = BufReader::new(response.into_body().into_reader());
            let mut name = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(value) = line.strip_prefix("event: ") {
                    name = value.to_owned();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && sender.send((name.clone(), data.to_owned())).is_err()
                {
                    break;
                }
            }
        });
        let events = Events { receiver };
        events.wait_for("hello");
        events
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    receiver: Receiver<(String, String)>,
}

impl Events {
    /// Waits for the next event called `name` and returns its data.
    #[track_caller]
    fn wait_for(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receiver.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event"),
            }
        }
    }

    /// Waits for reloads until `check` holds for the page at `path`.
    #[track_caller]
    fn reload_until(&self, server: &Server, path: &str, check: impl Fn(&Html) -> bool) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            self.wait_for("reload");
            if check(&server.html(path)) {
                return;
            }
        }
        panic!("{path} never showed the change");
    }
}

fn paragraphs(html: &Html) -> Vec<String> {
    html.select(&sel("main p")).map(|p| p.text().collect::<String>().trim().to_owned()).collect()
}

fn overlay_locations(html: &Html) -> Vec<String> {
    html.select(&sel("#accord-overlay .accord-location")).map(|e| e.text().collect()).collect()
}

#[test]
fn serves_pages_with_their_types_redirects_folders_and_a_404_page() {
    let site = Site::fixture("base/minimal");
    let server = Server::start(&site);

    let home = server.get("/en/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    let html = Html::parse_document(&home.body);
    assert_eq!(text_of(&html, "title"), "Mini treaty");
    let script = sel("body > script[src=\"/__accord/live.js\"]");
    assert_eq!(html.select(&script).count(), 1);

    assert_eq!(server.get("/style.css").content_type, "text/css; charset=utf-8");
    assert_eq!(server.get("/favicon.svg").content_type, "image/svg+xml");
    assert_eq!(server.get("/sitemap.xml").content_type, "text/xml; charset=utf-8");
    let script = server.get("/__accord/live.js");
    assert_eq!(script.content_type, "text/javascript; charset=utf-8");
    assert!(script.body.contains("EventSource"));

    let folder = server.get("/en/about");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.location.as_deref(), Some("/en/about/"));

    let missing = server.get("/en/no-such-page/");
    assert_eq!(missing.status, 404);
    let html = Html::parse_document(&missing.body);
    assert_eq!(html.select(&sel("body.kind-not-found")).count(), 1);

    // The base URL is the server's own address.
    let canonical = crate::harness::attr_of(&server.html("/en/"), "link[rel=canonical]", "href");
    assert_eq!(canonical, Some(format!("{}/en/", server.origin)));
}

#[test]
fn the_reload_script_is_never_in_built_files() {
    let site = Site::fixture("base/minimal");
    let run = site.build();
    run.assert_success();
    for page in ["index.html", "en/index.html", "en/about/index.html", "404.html"] {
        let html = run.html(page);
        assert_eq!(html.select(&sel("script[src*=\"__accord\"]")).count(), 0, "{page}");
    }
}

#[test]
fn an_edit_sends_a_reload_and_the_page_shows_the_new_text() {
    let site = Site::fixture("base/minimal");
    let server = Server::start(&site);
    let events = server.events();
    assert_eq!(paragraphs(&server.html("/en/about/")), ["About this mini site."]);
    site.write(ABOUT, "---\ntitle: About\n---\nAbout this mini site, edited.\n");
    events.reload_until(&server, "/en/about/", |html| paragraphs(html) == ["About this mini site, edited."]);
    server.wait_for_output("content/en/about.md: page text");
}

#[test]
fn reload_events_name_the_pages_that_changed_and_open_pages_come_first() {
    let site = Site::fixture("base/minimal");
    let page_html = "{% extends \"base.html\" %}\n{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock main %}\n";
    site.write("templates/page.html", page_html);
    let server = Server::start(&site);
    let script = server.html("/en/about/");
    let page = crate::harness::attr_of(&script, "script[src=\"/__accord/live.js\"]", "data-page");
    assert_eq!(page.as_deref(), Some("en/about/index.html"));
    let events = server.events_of("en/about/index.html");

    // The French page shows the English text until it is translated.
    site.write(ABOUT, "---\ntitle: About\n---\nAbout, once more.\n");
    let data: serde_json::Value = serde_json::from_str(&events.wait_for("reload")).unwrap();
    assert_eq!(data["paths"], serde_json::json!(["en/about/index.html", "fr/about/index.html"]));

    // A template change renders the open page before the rest of the site.
    site.write("templates/page.html", page_html.replace("<h1>", "<h1 class=\"edited\">"));
    let data: serde_json::Value = serde_json::from_str(&events.wait_for("reload")).unwrap();
    assert_eq!(data["paths"], serde_json::json!(["en/about/index.html"]));
    assert_eq!(server.html("/en/about/").select(&sel("main h1.edited")).count(), 1);
    server.wait_for_output("templates, open pages first (1 pages rendered");
    server.wait_for_output("templates/page.html: templates (");
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_a_reload() {
    let site = Site::fixture("base/minimal");
    site.write("static/style.css", "body { color: navy; }\n");
    let server = Server::start(&site);
    let events = server.events();
    site.write("static/style.css", "body { color: teal; }\n");
    let data: serde_json::Value = serde_json::from_str(&events.wait_for("css")).unwrap();
    assert_eq!(data["paths"], serde_json::json!(["/style.css"]));
    assert_eq!(server.get("/style.css").body, "body { color: teal; }\n");
}

/// Each bad-input fixture named here, laid over the running site, then taken away.
#[test]
fn a_bad_edit_shows_an_overlay_with_file_and_line_and_fixing_it_clears_it() {
    let site = Site::fixture("base/minimal");
    let server = Server::start(&site);
    let events = server.events();
    for case in ["malformed-front-matter", "broken-cross-reference", "template-syntax-error"] {
        let case_dir = fixtures().join("bad-input").join(case);
        let expected = std::fs::read_to_string(case_dir.join("expected.txt")).unwrap();
        let location = expected.lines().nth(1).unwrap();
        let originals = lay_over(&site, &case_dir.join("site"));

        events.reload_until(&server, "/en/about/", |html| {
            overlay_locations(html).iter().any(|l| l.starts_with(location))
        });
        let html = server.html("/en/about/");
        // The last good page is still under the overlay.
        assert_eq!(text_of(&html, "main h1"), "About", "{case}");
        server.wait_for_output(&format!("--> {location}"));
        assert!(server.get("/en/").body.contains("accord-overlay"), "{case}: every page");

        for (rel, original) in originals {
            match original {
                Some(text) => {
                    site.write(&rel, text);
                }
                None => std::fs::remove_file(site.path().join(&rel)).unwrap(),
            }
        }
        events.reload_until(&server, "/en/about/", |html| overlay_locations(html).is_empty());
    }
}

/// Copies the files below `overlay` into the site; returns each one's previous text.
fn lay_over(site: &Site, overlay: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut originals = Vec::new();
    for entry in walkdir::WalkDir::new(overlay) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(overlay).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            originals.push((rel.clone(), std::fs::read(site.path().join(&rel)).ok()));
            site.write(&rel, std::fs::read(entry.path()).unwrap());
        }
    }
    originals
}

#[test]
fn editors_ways_of_saving_never_crash_the_server_or_leave_a_stale_page() {
    let site = Site::fixture("base/minimal");
    let mut server = Server::start(&site);
    let events = server.events();
    let about = site.path().join(ABOUT);
    let shows = |text: &'static str| move |html: &Html| paragraphs(html) == [text];

    // Write a temporary file, then rename it over the original.
    site.write("content/en/about.md.tmp", "---\ntitle: About\n---\nRenamed into place.\n");
    std::fs::rename(site.path().join("content/en/about.md.tmp"), &about).unwrap();
    events.reload_until(&server, "/en/about/", shows("Renamed into place."));

    // Truncate, then write into the same file a moment later.
    let mut file = std::fs::OpenOptions::new().write(true).truncate(true).open(&about).unwrap();
    file.flush().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    file.write_all(b"---\ntitle: About\n---\nTruncated, then written.\n").unwrap();
    drop(file);
    events.reload_until(&server, "/en/about/", shows("Truncated, then written."));

    // Vim: a test file, the original moved to a backup, a new file written, the backup removed.
    site.write("content/en/4913", "");
    std::fs::remove_file(site.path().join("content/en/4913")).unwrap();
    std::fs::rename(&about, site.path().join("content/en/about.md~")).unwrap();
    site.write(ABOUT, "---\ntitle: About\n---\nSaved the Vim way.\n");
    std::fs::remove_file(site.path().join("content/en/about.md~")).unwrap();
    events.reload_until(&server, "/en/about/", shows("Saved the Vim way."));

    // Swap files come and go without a rebuild that changes anything.
    site.write("content/en/.about.md.swp", "binary swap data");
    std::fs::remove_file(site.path().join("content/en/.about.md.swp")).unwrap();
    assert!(server.is_running());
    assert_eq!(paragraphs(&server.html("/en/about/")), ["Saved the Vim way."]);
}

/// A link in `static/` to a file outside the site is a build error, shown in the page; the
/// file is never served.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_site_is_an_error_in_the_page_and_never_served() {
    let site = Site::fixture("base/minimal");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET 42").unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path().join("static/leak.txt")).unwrap();
    let mut server = Server::start(&site);
    for target in ["/leak.txt", "/en/"] {
        let (status, reply) = server.raw(target);
        assert_ne!(status, 200, "{target}: {reply}");
        assert!(!reply.contains("TOP SECRET"), "{target}");
        assert!(reply.contains("outside the site folder") && reply.contains("static/leak.txt"), "{target}: {reply}");
    }
    server.wait_for_output("static/leak.txt");
    assert!(server.is_running());
}

#[test]
fn traversal_requests_get_404_and_never_another_file() {
    let site = Site::fixture("base/minimal");
    let server = Server::start(&site);
    for target in [
        "/leak.txt",
        "/site.yaml",
        "/content/en/about.md",
        "/../site.yaml",
        "/en/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/site.yaml",
        "/en/..%2f..%2fsite.yaml",
        "/en/..%5c..%5csite.yaml",
        "/en/%5c..%5csite.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/en/index.html%00.css",
        "/en/%c0%ae%c0%ae/site.yaml",
    ] {
        let (status, reply) = server.raw(target);
        assert_eq!(status, 404, "{target}: {reply}");
        assert!(!reply.contains("TOP SECRET"), "{target}");
        assert!(!reply.contains("default_language"), "{target}");
    }
    // A backslash is not even a valid request target; whatever the answer, no file.
    let (status, reply) = server.raw("/en\\..\\site.yaml");
    assert!(status == 400 || status == 404, "{status}");
    assert!(!reply.contains("default_language"));
}

#[test]
fn requests_for_another_host_name_are_refused() {
    // A page on another site that points its own name at 127.0.0.1 (DNS rebinding) must
    // not read the preview: its requests carry that name.
    let site = Site::fixture("base/minimal");
    let server = Server::start(&site);
    let port = server.origin.rsplit(':').next().unwrap().trim_end_matches('/').to_owned();
    let (status, reply) = server.raw_to("/en/", &format!("attacker.example:{port}"));
    assert_eq!(status, 403, "{reply}");
    assert!(reply.contains("localhost only") && !reply.contains("<html"), "{reply}");
    let (status, _) = server.raw_to("/__accord/live.js", &format!("attacker.example:{port}"));
    assert_eq!(status, 403);
    // The names of this computer are served.
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), "localhost".to_owned()] {
        let (status, reply) = server.raw_to("/en/", &host);
        assert_eq!(status, 200, "{host}: {reply}");
    }
}

/// Issue #14: two `Host` headers (one local, one not) or an HTTP/1.1 request without any
/// were served; RFC 9112 wants 400 for both.
#[test]
fn a_duplicate_host_header_or_none_in_http_1_1_gets_400() {
    let site = Site::fixture("base/minimal");
    let server = Server::start(&site);
    let host = server.origin.trim_start_matches("http://").to_owned();
    for hosts in [
        format!("Host: {host}\r\nHost: attacker.example\r\n"),
        format!("Host: attacker.example\r\nHost: {host}\r\n"),
        format!("Host: {host}\r\nHost: {host}\r\n"),
        String::new(),
    ] {
        let (status, reply) = server.raw_request(&format!("GET /en/ HTTP/1.1\r\n{hosts}Connection: close\r\n\r\n"));
        assert_eq!(status, 400, "{hosts:?}: {reply}");
        assert!(reply.contains("Host header") && !reply.contains("<html"), "{reply}");
    }
    // HTTP/1.0 may leave `Host` out; one `Host` is served as always.
    let (status, reply) = server.raw_request("GET /en/ HTTP/1.0\r\n\r\n");
    assert_eq!(status, 200, "{reply}");
    assert_eq!(server.raw_to("/en/", &host).0, 200);
}

#[test]
fn a_port_in_use_is_named_in_a_clear_message() {
    let site = Site::fixture("base/minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains(&format!("127.0.0.1:{port} is in use")), "{stderr}");
    assert!(stderr.contains("pass another --port"), "{stderr}");
}

#[test]
fn a_non_loopback_address_is_warned_about() {
    // Arguments are checked before anything else (a folder without a site is a usage
    // error, tests/it/arguments.rs), so the warning is seen from a server that runs.
    let site = Site::fixture("base/minimal");
    let server = Server::start_with(&site, &["--bind", "0.0.0.0"]);
    let warning = server.wait_for_output("not a loopback address");
    assert!(warning.contains("listening on 0.0.0.0"), "{warning}");
}

#[cfg(unix)]
#[test]
fn an_interrupt_stops_the_server_cleanly_with_pages_open() {
    let site = Site::fixture("base/minimal");
    let mut server = Server::start(&site);
    let _open_page = server.events();
    let pid = rustix::process::Pid::from_raw(server.child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after the interrupt");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    server.wait_for_output("stopped");
}
