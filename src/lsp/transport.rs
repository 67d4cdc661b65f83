//! A guard in front of tower-lsp-server's transport.
//!
//! tower-lsp-server stops reading for good after the first message it cannot
//! decode (bad headers, invalid JSON, JSON that is not JSON-RPC): its framed
//! reader ends the stream after an error, and the server with it. Here every
//! incoming message is framed and checked first; a bad one is answered with a
//! JSON-RPC error (`-32700` parse error, `-32600` invalid request) and dropped,
//! and only well-formed messages reach the server. The server's output goes
//! through the same writer so the error responses never split its messages.

use std::borrow::Cow;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::json;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Header lines longer than this are not headers.
const MAX_HEADER_LINE: usize = 8 * 1024;
/// Bodies above this are refused without being held in memory.
const MAX_BODY: usize = 512 * 1024 * 1024;
/// Buffer of the in-memory pipes to and from the server, and for reading
/// the input (an OS pipe holds 64 KB too). Each is kept for the session.
const PIPE: usize = 64 * 1024;
/// Output buffer: small messages go out in one write; larger parts are
/// written from where they lie.
const WRITE_BUFFER: usize = 64 * 1024;
/// How long work still running at `exit` may take to finish.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(250);

/// One framed message, or why the bytes were not one.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Body(Vec<u8>),
    Malformed(String),
}

/// Reads one header line (without its terminator), at most `MAX_HEADER_LINE`
/// bytes kept; `None` at the end of the input.
async fn header_line<R: AsyncBufRead + Unpin>(
    r: &mut R,
) -> std::io::Result<Option<(Vec<u8>, bool)>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            return Ok((!line.is_empty() || too_long).then_some((line, too_long)));
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let n = chunk.len();
        if line.len() + n <= MAX_HEADER_LINE {
            line.extend_from_slice(chunk);
        } else {
            too_long = true;
        }
        r.consume(n);
        if done {
            while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                line.pop();
            }
            return Ok(Some((line, too_long)));
        }
    }
}

/// Reads the next framed message; `Ok(None)` at the end of the input.
pub async fn read_frame<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut problem: Option<String> = None;
    let mut saw_header = false;
    loop {
        let Some((line, too_long)) = header_line(r).await? else {
            return Ok(if saw_header {
                Some(Frame::Malformed(
                    "the input ended inside the headers".into(),
                ))
            } else {
                None
            });
        };
        if line.is_empty() && !too_long {
            if !saw_header {
                continue; // stray blank line between messages
            }
            break;
        }
        saw_header = true;
        if too_long {
            problem.get_or_insert_with(|| "a header line is too long".into());
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        problem.get_or_insert_with(|| {
                            format!("invalid Content-Length {:?}", value.trim())
                        });
                    }
                }
            }
            Some(_) => {} // Content-Type and any other header
            None => {
                problem.get_or_insert_with(|| format!("not a header: {:?}", truncate(&text)));
            }
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Malformed(
            problem.unwrap_or_else(|| "missing Content-Length header".into()),
        )));
    };
    if length > MAX_BODY {
        // Skip it without holding it.
        let skipped = tokio::io::copy(&mut r.take(length as u64), &mut tokio::io::sink()).await?;
        if skipped < length as u64 {
            return Ok(None);
        }
        return Ok(Some(Frame::Malformed(format!(
            "a message of {length} bytes is too large"
        ))));
    }
    // Through the reader's buffer, never around it: a read larger than the
    // buffer would go straight to the source, and tokio's stdin keeps a
    // buffer as large as the largest read asked of it (2 MB after a 1 MB
    // document) for the rest of the session.
    let mut body = Vec::with_capacity(length);
    while body.len() < length {
        let Ok(buf) = r.fill_buf().await else {
            return Ok(None);
        };
        if buf.is_empty() {
            return Ok(None); // the input ended inside a message
        }
        let n = buf.len().min(length - body.len());
        body.extend_from_slice(&buf[..n]);
        r.consume(n);
    }
    Ok(Some(match problem {
        Some(p) => Frame::Malformed(p),
        None => Frame::Body(body),
    }))
}

fn truncate(s: &str) -> Cow<'_, str> {
    if s.len() <= 60 {
        Cow::Borrowed(s)
    } else {
        let mut end = 60;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        Cow::Owned(format!("{}…", &s[..end]))
    }
}

/// What a message body is to the server.
#[derive(Debug, PartialEq)]
pub enum Checked {
    /// A JSON-RPC message it can read; `exit` says whether it is the `exit`
    /// notification.
    Valid { exit: bool },
    /// Not one: the error response to send instead.
    Invalid(serde_json::Value),
}

/// Checks a body with the same types tower-lsp-server decodes into, so that
/// whatever passes, it accepts.
pub fn check(body: &[u8]) -> Checked {
    if let Ok(request) = serde_json::from_slice::<Request>(body) {
        return Checked::Valid {
            exit: request.method() == "exit",
        };
    }
    if serde_json::from_slice::<Response>(body).is_ok() {
        return Checked::Valid { exit: false };
    }
    let (code, message, id) = match serde_json::from_slice::<serde_json::Value>(body) {
        Err(e) => (-32700, format!("Parse error: {e}"), serde_json::Value::Null),
        Ok(value) => {
            let id = value
                .get("id")
                .filter(|id| id.is_i64() || id.is_string())
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            (
                -32600,
                "Invalid request: not a JSON-RPC 2.0 message".to_string(),
                id,
            )
        }
    };
    Checked::Invalid(
        json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}),
    )
}

/// A piece of a message's body: bytes of its own, or bytes shared with
/// whoever keeps them (a document's diagnostics), written from where they lie.
pub enum Part {
    Owned(Vec<u8>),
    Shared(Arc<dyn AsRef<[u8]> + Send + Sync>),
}

impl Part {
    fn bytes(&self) -> &[u8] {
        match self {
            Part::Owned(bytes) => bytes,
            Part::Shared(bytes) => (**bytes).as_ref(),
        }
    }
}

impl From<Vec<u8>> for Part {
    fn from(bytes: Vec<u8>) -> Part {
        Part::Owned(bytes)
    }
}

impl<T: AsRef<[u8]> + Send + Sync + 'static> From<Arc<T>> for Part {
    fn from(bytes: Arc<T>) -> Part {
        Part::Shared(bytes)
    }
}

/// One message to the client: its body, in parts; the header is added as it
/// is written.
pub struct Message {
    parts: Vec<Part>,
}

impl Message {
    pub fn new(parts: Vec<Part>) -> Message {
        Message { parts }
    }

    fn body(bytes: Vec<u8>) -> Message {
        Message::new(vec![bytes.into()])
    }

    fn header(&self) -> String {
        let length: usize = self.parts.iter().map(|p| p.bytes().len()).sum();
        format!("Content-Length: {length}\r\n\r\n")
    }

    fn write_to(&self, output: &mut impl Write) -> std::io::Result<()> {
        output.write_all(self.header().as_bytes())?;
        for part in &self.parts {
            output.write_all(part.bytes())?;
        }
        Ok(())
    }

    async fn write_to_async<O: AsyncWrite + Unpin>(&self, output: &mut O) -> std::io::Result<()> {
        output.write_all(self.header().as_bytes()).await?;
        for part in &self.parts {
            output.write_all(part.bytes()).await?;
        }
        Ok(())
    }
}

enum Item {
    Message(Message),
    /// Everything sent before has been written: stop.
    Stop,
}

/// The way out to the client, shared with the server's own output: a
/// message sent here is written whole, never inside another.
#[derive(Clone)]
pub struct Outbox(mpsc::Sender<Item>);

/// Messages waiting to be written.
pub struct Outgoing(mpsc::Receiver<Item>);

pub fn outbox() -> (Outbox, Outgoing) {
    let (tx, rx) = mpsc::channel(64);
    (Outbox(tx), Outgoing(rx))
}

impl Outbox {
    /// Queues `message`; returns whether the output is still open.
    pub async fn send(&self, message: Message) -> bool {
        self.0.send(Item::Message(message)).await.is_ok()
    }

    /// Sends a notification serialized straight from `params`, without the
    /// intermediate JSON tree tower-lsp-server builds: for a large document's
    /// diagnostics that tree costs megabytes and milliseconds. Returns whether
    /// the output is still open.
    pub async fn notify<P: serde::Serialize>(&self, method: &str, params: &P) -> bool {
        #[derive(serde::Serialize)]
        struct Notification<'a, P> {
            jsonrpc: &'static str,
            method: &'a str,
            params: &'a P,
        }
        let body = match serde_json::to_vec(&Notification {
            jsonrpc: "2.0",
            method,
            params,
        }) {
            Ok(body) => body,
            Err(e) => {
                tracing::error!("cannot serialize {method}: {e}");
                return true;
            }
        };
        self.send(Message::body(body)).await
    }
}

/// Where messages to the client are written.
pub enum Output<O> {
    /// A stream, written by a task.
    Stream(O),
    /// A blocking writer, written by a thread of its own. For stdout this
    /// saves tokio's stdout two trips through the blocking pool per message
    /// (one to write, one to flush), which a keystroke's diagnostics wait for.
    Blocking(Box<dyn Write + Send>),
}

/// Writes messages until told to stop (or the output fails); flushes once
/// nothing else is waiting, so bursts go out together.
async fn write_stream<O: AsyncWrite + Unpin>(output: O, mut outgoing: Outgoing) {
    let mut output = tokio::io::BufWriter::with_capacity(WRITE_BUFFER, output);
    while let Some(Item::Message(message)) = outgoing.0.recv().await {
        if message.write_to_async(&mut output).await.is_err() {
            break;
        }
        if outgoing.0.is_empty() && output.flush().await.is_err() {
            break;
        }
    }
    let _ = output.flush().await;
}

/// [`write_stream`] for a blocking writer, on the thread it runs on.
fn write_blocking(output: Box<dyn Write + Send>, mut outgoing: Outgoing) {
    let mut output = std::io::BufWriter::with_capacity(WRITE_BUFFER, output);
    while let Some(Item::Message(message)) = outgoing.0.blocking_recv() {
        if message.write_to(&mut output).is_err() {
            break;
        }
        if outgoing.0.is_empty() && output.flush().is_err() {
            break;
        }
    }
    let _ = output.flush();
}

/// Standard output, unbuffered by the standard library (whose line buffering
/// would split each message into two writes).
pub fn stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

/// Runs `serve` (the tower-lsp server over a pair of in-memory pipes) with
/// `input` and `output` guarded as described above. Returns when the server
/// does (after `exit` or the end of the input), once its output is written.
pub async fn guarded<I, O, S, F>(
    input: I,
    output: Output<O>,
    (outbox, outgoing): (Outbox, Outgoing),
    serve: S,
) where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
    S: FnOnce(tokio::io::DuplexStream, tokio::io::DuplexStream) -> F,
    F: Future<Output = ()>,
{
    let (to_server, server_input) = tokio::io::duplex(PIPE);
    let (server_output, from_server) = tokio::io::duplex(PIPE);
    let frames = outbox.clone();
    let errors = outbox.clone();

    let (exit_seen, exit) = oneshot::channel::<()>();
    let reader = tokio::spawn(async move {
        let mut input = BufReader::with_capacity(PIPE, input);
        let mut to_server = to_server;
        loop {
            match read_frame(&mut input).await {
                Ok(Some(Frame::Body(body))) => match check(&body) {
                    Checked::Valid { exit } => {
                        let header = format!("Content-Length: {}\r\n\r\n", body.len());
                        let passed = async {
                            to_server.write_all(header.as_bytes()).await?;
                            to_server.write_all(&body).await
                        };
                        if passed.await.is_err() {
                            break; // the server has stopped
                        }
                        if exit {
                            let _ = exit_seen.send(());
                            break;
                        }
                    }
                    Checked::Invalid(error) => {
                        tracing::error!(
                            "dropped a malformed message: {}",
                            error["error"]["message"]
                        );
                        let _ = errors
                            .send(Message::body(error.to_string().into_bytes()))
                            .await;
                    }
                },
                Ok(Some(Frame::Malformed(why))) => {
                    tracing::error!("dropped malformed input: {why}");
                    let error = json!({"jsonrpc": "2.0", "id": null,
                        "error": {"code": -32700, "message": format!("Parse error: {why}")}});
                    let _ = errors
                        .send(Message::body(error.to_string().into_bytes()))
                        .await;
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::error!("reading the input failed: {e}");
                    break;
                }
            }
        }
    });

    let relay = tokio::spawn(async move {
        let mut from_server = BufReader::with_capacity(PIPE, from_server);
        while let Ok(Some(Frame::Body(body))) = read_frame(&mut from_server).await {
            if !frames.send(Message::body(body)).await {
                break;
            }
        }
    });

    let writer: Pin<Box<dyn Future<Output = ()> + Send>> = match output {
        Output::Stream(output) => {
            let task = tokio::spawn(write_stream(output, outgoing));
            Box::pin(async move {
                let _ = task.await;
            })
        }
        Output::Blocking(output) => {
            let task = tokio::task::spawn_blocking(move || write_blocking(output, outgoing));
            Box::pin(async move {
                let _ = task.await;
            })
        }
    };

    let mut serving = Box::pin(serve(server_input, server_output));
    let after_exit = async {
        if exit.await.is_err() {
            std::future::pending::<()>().await; // the input ended without `exit`
        }
        tokio::time::sleep(EXIT_GRACE).await;
    };
    tokio::select! {
        () = &mut serving => {}
        () = after_exit => {
            // Handlers still waiting for the client's answers would keep the
            // server alive forever: the protocol says to exit, so stop them.
            tracing::warn!("requests were still running at exit; stopped them");
        }
    }
    drop(serving);
    // The input may stay open after `exit` (clients need not close it).
    reader.abort();
    let _ = relay.await;
    // The server is done: what is queued is written, then the writer stops,
    // even though the server's state may still hold an outbox.
    let _ = outbox.0.send(Item::Stop).await;
    writer.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(bytes: &[u8]) -> Vec<Frame> {
        let mut r = BufReader::new(bytes);
        let mut out = Vec::new();
        while let Some(f) = read_frame(&mut r).await.unwrap() {
            out.push(f);
        }
        out
    }

    #[tokio::test]
    async fn frames_good_and_bad_input() {
        let got = frames(
            b"Content-Length: 2\r\n\r\n{}\
              Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 4\r\n\r\nnull\
              garbage line\r\n\r\n\
              Content-Length: x\r\n\r\n\
              Content-Length: 1\r\n\r\n1",
        )
        .await;
        assert_eq!(
            got,
            [
                Frame::Body(b"{}".to_vec()),
                Frame::Body(b"null".to_vec()),
                Frame::Malformed("not a header: \"garbage line\"".into()),
                Frame::Malformed("invalid Content-Length \"x\"".into()),
                Frame::Body(b"1".to_vec()),
            ]
        );
        // truncated input ends quietly
        assert!(frames(b"Content-Length: 10\r\n\r\nabc").await.is_empty());
    }

    #[tokio::test]
    async fn oversized_headers_and_bodies_are_refused_without_buffering() {
        let mut long = vec![b'x'; MAX_HEADER_LINE * 3];
        long.extend_from_slice(b"\r\n\r\nContent-Length: 2\r\n\r\n{}");
        let got = frames(&long).await;
        assert_eq!(got[0], Frame::Malformed("a header line is too long".into()));
        assert_eq!(got[1], Frame::Body(b"{}".to_vec()));
    }

    #[test]
    fn only_json_rpc_passes_the_check() {
        let valid = |exit| Checked::Valid { exit };
        let error = |body: &[u8]| match check(body) {
            Checked::Invalid(e) => (e["error"]["code"].as_i64().unwrap(), e["id"].clone()),
            Checked::Valid { .. } => panic!("{} passed", String::from_utf8_lossy(body)),
        };
        assert_eq!(
            check(br#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#),
            valid(false)
        );
        assert_eq!(check(br#"{"jsonrpc":"2.0","method":"exit"}"#), valid(true));
        assert_eq!(
            check(br#"{"jsonrpc":"2.0","id":3,"result":null}"#),
            valid(false)
        );
        assert_eq!(
            error(br#"{"jsonrpc": "2.0", "id": 9, "meth"#),
            (-32700, json!(null))
        );
        assert_eq!(
            error(br#"{"jsonrpc":"1.0","id":4,"method":"x"}"#),
            (-32600, json!(4))
        );
        assert_eq!(error(b"[1, 2]").0, -32600);
        assert_eq!(
            error(br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#).0,
            -32600
        );
    }
}
