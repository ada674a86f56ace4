//! html5ever's spec tokenizer, driven the one way accord uses it: a whole text fed at once
//! into a sink that never asks to pause for a script. Shared by the Markdown pass (raw
//! HTML hazards), rendering (XHTML for the EPUB) and `check` (what a built page links to).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TokenSink, Tokenizer, TokenizerOpts};

/// Tokenizes `text` into `sink` and gives the sink back.
pub fn tokenize<S: TokenSink>(text: &str, sink: S) -> S {
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(text));
    // No sink here ever asks to pause for a script, so one feed reads everything.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}
