//! The binary's side of `accord serve`: its arguments, checked into
//! [`ServeOptions`], and the terminal transcript of what the server reports.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::ExitCode;

use accord::diag::Diagnostic;
use accord::serve::live::Rebuild;
use accord::serve::{self, PortChoice, ServeEvent, ServeOptions};
use accord::source;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The port; 0 picks any free one. Without it: 1111, or the next free port.
    #[arg(long)]
    port: Option<u16>,
    /// The address to listen on. Anything but a loopback address exposes the preview
    /// to the network.
    #[arg(long, default_value = "127.0.0.1", value_parser = bind_address)]
    bind: IpAddr,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    open: bool,
}

fn bind_address(text: &str) -> Result<IpAddr, String> {
    match text {
        "localhost" => Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        text => text.parse::<IpAddr>().map_err(|_| "not an IP address (such as 127.0.0.1 or ::1)".to_owned()),
    }
}

impl ServeArgs {
    /// The options, once `--root` is known to be a site folder; `Err` is a usage error.
    pub fn validate(self) -> Result<(ServeOptions, bool), Diagnostic> {
        source::require_site_folder(&self.root)?;
        let port = self.port.map_or(PortChoice::Default, PortChoice::Exactly);
        Ok((ServeOptions { root: self.root, bind: self.bind, port }, self.open))
    }
}

pub fn run(options: &ServeOptions, open: bool) -> ExitCode {
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, not a loopback address: anyone who can reach this \
             machine can read the preview\n",
            options.bind
        );
    }
    let report = |event: ServeEvent<'_>| match event {
        ServeEvent::Built(Ok(rebuild)) => {
            print_warnings(rebuild);
            println!(
                "built {} pages, {} files in {:.0} ms",
                rebuild.pages_rendered,
                rebuild.changed.len(),
                millis(rebuild)
            );
        }
        ServeEvent::Built(Err(failure)) | ServeEvent::RebuildFailed(failure) => {
            eprintln!("{failure}\n");
            let errors = failure.error_count();
            eprintln!(
                "build failed: {errors} error{}; still serving the last good build, \
                 with the errors shown in the browser\n",
                if errors == 1 { "" } else { "s" }
            );
        }
        ServeEvent::Listening { url, note } => {
            if let Some(note) = note {
                println!("note: {note}");
            }
            println!("serving the site at {url} (Ctrl-C to stop)");
            if open && let Err(e) = open::that_detached(url) {
                eprintln!("warning: cannot open a browser: {e}");
            }
        }
        ServeEvent::Rebuilt(rebuild) => {
            print_warnings(rebuild);
            let sources: Vec<String> = rebuild.sources.iter().map(|p| p.display().to_string()).collect();
            println!(
                "{}: {} ({} pages rendered, {} files changed) in {:.1} ms",
                sources.join(", "),
                rebuild.kind.describe(),
                rebuild.pages_rendered,
                rebuild.changed.len(),
                millis(rebuild)
            );
        }
        ServeEvent::WatchError(message) => eprintln!("warning: watching files: {message}"),
        ServeEvent::Stopped => println!("stopped"),
    };
    let result = serve::serve(options, &|event| {
        report(event);
        // The transcript is read by people and by tests as it happens.
        let _ = std::io::stdout().flush();
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            if let serve::ServeError::PortInUse(_) = error {
                eprintln!("  = help: pass another --port, or leave it out to use the next free port");
            }
            ExitCode::FAILURE
        }
    }
}

fn print_warnings(rebuild: &Rebuild) {
    for warning in &rebuild.warnings {
        eprintln!("{warning}\n");
    }
}

fn millis(rebuild: &Rebuild) -> f64 {
    rebuild.took.as_secs_f64() * 1000.0
}
