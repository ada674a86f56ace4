//! `accord check --external` against a small HTTP server this test starts on 127.0.0.1:
//! never the internet. The server has a robots.txt that forbids `/private/`, a page that
//! is gone, a page too slow for the timeout, and answers 200 for anything else.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use tiny_http::{Response, Server};

use crate::harness::Site;

/// A local server; stops when dropped.
struct LocalServer {
    server: Arc<Server>,
    port: u16,
    /// Every request it answered: method and path.
    seen: Arc<Mutex<Vec<String>>>,
    handle: Option<thread::JoinHandle<()>>,
}

impl LocalServer {
    fn start() -> LocalServer {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, log) = (Arc::clone(&server), Arc::clone(&seen));
        let handle = thread::spawn(move || {
            for request in s.incoming_requests() {
                let log = Arc::clone(&log);
                thread::spawn(move || {
                    let path = request.url().to_owned();
                    log.lock().unwrap().push(format!("{} {path}", request.method()));
                    let response = match path.as_str() {
                        "/robots.txt" => Response::from_string("User-agent: *\nDisallow: /private/\n"),
                        "/gone" => Response::from_string("gone").with_status_code(404),
                        "/slow" => {
                            thread::sleep(Duration::from_secs(3));
                            Response::from_string("late")
                        }
                        _ => Response::from_string("fine"),
                    };
                    let _ = request.respond(response);
                });
            }
        });
        LocalServer { server, port, seen, handle: Some(handle) }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// The clean mini site with links to the local server in a French page (a translation:
/// editing it leaves no other page stale), and its data's links moved there too, so
/// that nothing is fetched from the internet.
fn site_linking_to(server: &LocalServer) -> Site {
    let site = Site::check_base();
    for data in ["content/data/convention.yaml", "content/data/signatories.yaml"] {
        let text = std::fs::read_to_string(site.path().join(data)).unwrap();
        site.write(data, text.replace("https://example.org", &server.url("")));
    }
    let about = site.path().join("content/fr/about.md");
    let mut text = std::fs::read_to_string(&about).unwrap();
    text.push_str(&format!(
        "\nVoir [une page]({}), [une page disparue]({}),\n[une page privée]({}) et [une page lente]({}).\n",
        server.url("/ok"),
        server.url("/gone"),
        server.url("/private/page"),
        server.url("/slow"),
    ));
    site.write("content/fr/about.md", text);
    site
}

#[test]
fn external_links_are_listed_not_fetched_by_default() {
    let server = LocalServer::start();
    let site = site_linking_to(&server);
    let run = site.check_with(&[]);
    run.assert_code(0);
    assert!(run.stdout().contains(&server.url("/gone")), "{}", run.stdout());
    assert!(server.seen.lock().unwrap().is_empty(), "nothing may be fetched without --external");
}

#[test]
fn external_links_are_fetched_with_robots_rules_and_a_timeout() {
    let server = LocalServer::start();
    let site = site_linking_to(&server);
    let run = site.check_with(&["--external", "--timeout", "1"]);
    run.assert_code(1);
    // The port changes from run to run; a mask of the same width keeps the carets aligned.
    let port = server.port.to_string();
    let count = regex::Regex::new(r"; \d+ pages? and \d+ links? checked").unwrap();
    let stdout = count.replace_all(&run.stdout(), "; N pages and N links checked").into_owned();
    let report = stdout.replace(&port, &"X".repeat(port.len()));
    insta::assert_snapshot!(report);

    let seen = server.seen.lock().unwrap().clone();
    assert!(seen.contains(&"GET /robots.txt".to_owned()), "{seen:?}");
    assert!(seen.contains(&"HEAD /ok".to_owned()), "{seen:?}");
    assert!(!seen.iter().any(|r| r.contains("/private/")), "robots.txt forbids /private/: {seen:?}");
    assert_eq!(
        seen.iter().filter(|r| r.ends_with("/robots.txt")).count(),
        1,
        "robots.txt is read once per host: {seen:?}"
    );
}
