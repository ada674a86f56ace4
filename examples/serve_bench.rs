//! Benchmark (not a test): how long from saving a file to the reload event that
//! `accord serve` sends the open pages, on a copy of this repository's site.
//!
//! ```sh
//! cargo build --release && cargo run --release --example serve_bench [-- RUNS]
//! ```
//!
//! It starts the release binary on a free port, listens to the event stream like a
//! browser showing that article would, then saves the article RUNS times (default 50),
//! then one template, and prints the median, the 95th percentile and the slowest time to
//! the `reload` event, the server's own rebuild times as it reports them (for a
//! template: the open page first, then the whole site), and the server's peak memory
//! (its resident high-water mark, `VmHWM`, read from `/proc` at the end).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const ARTICLE: &str = "content/en/convention/chapter-02/article-07.md";
const TEMPLATE: &str = "templates/partials/footer.html";
const WAIT: Duration = Duration::from_secs(60);

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = repo.join("target/release/accord");
    assert!(binary.is_file(), "build the release binary first: cargo build --release");
    let site = tempfile::tempdir().unwrap();
    copy_site(repo, site.path());
    // The built-in templates are the repository's `templates/`, copied with the site: an
    // edit there is a site override of the built-in one.
    let target = site.path().join(TEMPLATE);
    assert!(target.is_file(), "no {TEMPLATE} in the copied site");

    let mut server = Server::start(&binary, site.path());
    let events = server.events("en/convention/article-07/index.html");
    // The server renders every page's Markdown once after its first build; let it finish.
    std::thread::sleep(Duration::from_millis(500));

    let article = site.path().join(ARTICLE);
    let original = std::fs::read_to_string(&article).unwrap();
    let (article_times, article_rebuilds) = measure(runs, &events, &server, |i| {
        std::fs::write(&article, format!("{original}\nEdit number {i}.\n")).unwrap();
    });
    let template = std::fs::read_to_string(&target).unwrap();
    let (template_times, template_rebuilds) = measure(runs, &events, &server, |i| {
        std::fs::write(&target, format!("{template}<!-- edit {i} -->\n")).unwrap();
    });
    println!("accord serve on this repository's site, {runs} saves each (save -> reload event):");
    report("one article's text", &article_times, &article_rebuilds);
    report("one template", &template_times, &template_rebuilds);
    match server.peak_mib() {
        Some(mib) => println!("  server's peak memory (VmHWM): {mib:.0} MiB"),
        None => println!("  server's peak memory: not known (no /proc)"),
    }
    server.stop();
}

/// Saves with `save` `runs` times; each time, the delay to the reload event and the
/// rebuild time the server printed.
type Rebuilds = Vec<(Option<f64>, f64)>;

fn measure(runs: usize, events: &Receiver<String>, server: &Server, save: impl Fn(usize)) -> (Vec<Duration>, Rebuilds) {
    let mut times = Vec::new();
    let mut rebuilds = Vec::new();
    for i in 0..runs {
        while events.try_recv().is_ok() {}
        while server.lines.try_recv().is_ok() {}
        let start = Instant::now();
        save(i);
        loop {
            let event = events.recv_timeout(WAIT).expect("no reload event");
            if event == "reload" {
                break;
            }
        }
        times.push(start.elapsed());
        rebuilds.push(server.rebuild_millis());
        // Let the server settle so one save's rebuild never overlaps the next.
        std::thread::sleep(Duration::from_millis(150));
    }
    (times, rebuilds)
}

fn report(what: &str, times: &[Duration], rebuilds: &[(Option<f64>, f64)]) {
    let sorted = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v
    };
    let ms = sorted(times.iter().map(|d| d.as_secs_f64() * 1000.0).collect());
    let whole = sorted(rebuilds.iter().map(|r| r.1).collect());
    let open = sorted(rebuilds.iter().filter_map(|r| r.0).collect());
    let open = if open.is_empty() { String::new() } else { format!("the open page {:.1} ms, then ", median(&open)) };
    println!(
        "  {what:<20} median {:>6.1} ms, 95th percentile {:.1} (fastest {:.1}, slowest {:.1}); server's rebuild medians: {open}all {:.1} ms",
        median(&ms),
        percentile(&ms, 95),
        ms[0],
        ms[ms.len() - 1],
        median(&whole)
    );
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: usize) -> f64 {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 }
}

struct Server {
    child: Child,
    address: String,
    lines: Receiver<String>,
}

impl Server {
    fn start(binary: &Path, root: &Path) -> Server {
        let mut child = Command::new(binary)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (sender, lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let address = loop {
            let line = lines.recv_timeout(WAIT).expect("the server did not start");
            if let Some(at) = line.find("http://") {
                let url = line[at + "http://".len()..].split_whitespace().next().unwrap();
                break url.trim_end_matches('/').to_owned();
            }
        };
        Server { child, address, lines }
    }

    /// The event names of the reload stream, read off a plain socket as they arrive.
    fn events(&self, page: &str) -> Receiver<String> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        let request = format!("GET /__accord/events?page={page} HTTP/1.1\r\nHost: {}\r\n\r\n", self.address);
        stream.write_all(request.as_bytes()).unwrap();
        let (sender, events) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                // Chunked encoding puts sizes on lines of their own; only names matter.
                if let Some(name) = line.strip_prefix("event: ")
                    && sender.send(name.to_owned()).is_err()
                {
                    break;
                }
            }
        });
        let hello = events.recv_timeout(WAIT).expect("no hello from the server");
        assert_eq!(hello, "hello");
        events
    }

    /// The time of the last rebuild the server printed (`… in 12.3 ms`).
    /// Waits for the whole rebuild, so the next save never lands in the middle of one.
    /// Returns the open pages' time (for a template change) and the whole rebuild's.
    fn rebuild_millis(&self) -> (Option<f64>, f64) {
        let deadline = Instant::now() + WAIT;
        let mut first = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self.lines.recv_timeout(left).expect("no rebuild line");
            let Some(ms) =
                line.rsplit_once(" in ").and_then(|(_, t)| t.strip_suffix(" ms")).and_then(|t| t.parse().ok())
            else {
                continue;
            };
            if line.contains("open pages first") {
                first = Some(ms);
            } else {
                return (first, ms);
            }
        }
    }

    /// The server's resident high-water mark so far, from `/proc/PID/status`.
    fn peak_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_site(repo: &Path, to: &Path) {
    for part in ["site.yaml", "content", "templates", "static", "i18n"] {
        let from = repo.join(part);
        if from.is_file() {
            std::fs::copy(&from, to.join(part)).unwrap();
        } else if from.is_dir() {
            for entry in walkdir::WalkDir::new(&from) {
                let entry = entry.unwrap();
                let rel: PathBuf = entry.path().strip_prefix(repo).unwrap().to_path_buf();
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(to.join(&rel)).unwrap();
                } else {
                    std::fs::copy(entry.path(), to.join(&rel)).unwrap();
                }
            }
        }
    }
}
