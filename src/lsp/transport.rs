//! A guard in front of tower-lsp-server's transport.
//!
//! tower-lsp-server (0.23) stops reading for good after the first message it
//! cannot decode (bad headers, invalid JSON, JSON that is not JSON-RPC): its
//! framed reader ends the stream after an error, and the server with it (a
//! test below shows it, and fails the day that changes). Here every incoming
//! message is framed and checked first; a bad one is answered with a JSON-RPC
//! error (`-32700` parse error, `-32600` invalid request) and dropped, the
//! reader finds its way to the next `Content-Length:` header, and only
//! well-formed messages reach the server. Requests named `$/…` get their
//! `MethodNotFound` here (tower-lsp-server would swallow it). The server's
//! output goes through the same writer so the error responses never split its
//! messages.

use std::borrow::Cow;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;

use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
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

/// Reads framed messages from a byte stream, and finds its way back to the
/// next message after a malformed one: it then skips to the next
/// `Content-Length:` header (as rust-analyzer's and vscode-jsonrpc's readers
/// do), instead of reading a body as headers and losing every later message.
pub struct FrameReader<R> {
    input: R,
    /// Bytes read and not yet taken: `buf[at..]`.
    buf: Vec<u8>,
    at: usize,
    /// After a malformed frame: what precedes the next header is not a message.
    resync: bool,
}

const CONTENT_LENGTH: &[u8] = b"content-length:";

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(input: R) -> Self {
        FrameReader {
            input,
            buf: Vec::with_capacity(PIPE),
            at: 0,
            resync: false,
        }
    }

    fn pending(&self) -> &[u8] {
        &self.buf[self.at..]
    }

    fn take(&mut self, n: usize) {
        self.at += n;
        if self.at == self.buf.len() {
            self.buf.clear();
            self.at = 0;
            // A large message's room is given back once it has gone.
            self.buf.shrink_to(PIPE);
        }
    }

    /// Reads more input, at most `PIPE` bytes at a time (a larger read would
    /// make tokio's stdin keep a buffer that large for the session); `false`
    /// at the end of the input.
    async fn fill(&mut self) -> std::io::Result<bool> {
        if self.at > 0 {
            self.buf.drain(..self.at);
            self.at = 0;
        }
        self.buf.reserve(PIPE);
        let read = (&mut self.input)
            .take(PIPE as u64)
            .read_buf(&mut self.buf)
            .await?;
        Ok(read > 0)
    }

    /// Drops input up to the next `Content-Length:` header (in any case);
    /// `false` when the input ends first.
    async fn skip_to_header(&mut self) -> std::io::Result<bool> {
        loop {
            let pending = self.pending();
            let found = memchr::memchr2_iter(b'c', b'C', pending).find(|&i| {
                pending[i..]
                    .get(..CONTENT_LENGTH.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
            });
            if let Some(i) = found {
                self.take(i);
                return Ok(true);
            }
            // Keep what could be the start of the header.
            let keep = pending.len().min(CONTENT_LENGTH.len() - 1);
            self.take(pending.len() - keep);
            if !self.fill().await? {
                return Ok(false);
            }
        }
    }

    /// The next line (without its line break), taken from the input; `None`
    /// at the end of the input. Lines longer than `MAX_HEADER_LINE` come back
    /// as `Err(())` without being held whole.
    async fn line(&mut self) -> std::io::Result<Option<Result<Vec<u8>, ()>>> {
        let mut searched = 0;
        loop {
            let pending = self.pending();
            if let Some(i) = memchr::memchr(b'\n', &pending[searched..]).map(|i| searched + i) {
                if i > MAX_HEADER_LINE {
                    self.take(i + 1);
                    return Ok(Some(Err(())));
                }
                let mut line = pending[..i].to_vec();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                self.take(i + 1);
                return Ok(Some(Ok(line)));
            }
            searched = pending.len();
            if searched > MAX_HEADER_LINE {
                self.take(searched);
                return Ok(Some(Err(())));
            }
            if !self.fill().await? {
                let rest = self.pending().to_vec();
                self.take(rest.len());
                return Ok((!rest.is_empty()).then_some(Ok(rest)));
            }
        }
    }

    /// Reads the next framed message; `Ok(None)` at the end of the input.
    pub async fn next_frame(&mut self) -> std::io::Result<Option<Frame>> {
        if std::mem::take(&mut self.resync) && !self.skip_to_header().await? {
            return Ok(None);
        }
        let frame = match self.headers().await? {
            Headers::End => return Ok(None),
            Headers::Length(length) => match self.body(length).await? {
                Some(body) => Frame::Body(body),
                None => return Ok(None), // the input ended inside a message
            },
            Headers::Malformed(why) => Frame::Malformed(why),
        };
        if matches!(frame, Frame::Malformed(_)) {
            self.resync = true;
        }
        Ok(Some(frame))
    }

    /// Reads one message's headers: the body's length, or what is wrong.
    async fn headers(&mut self) -> std::io::Result<Headers> {
        let mut length: Option<usize> = None;
        let mut saw_header = false;
        loop {
            let line = match self.line().await? {
                None if saw_header => {
                    return Ok(Headers::Malformed(
                        "the input ended inside the headers".into(),
                    ))
                }
                None => return Ok(Headers::End),
                Some(Err(())) => return Ok(Headers::Malformed("a header line is too long".into())),
                Some(Ok(line)) => line,
            };
            if line.is_empty() {
                if !saw_header {
                    continue; // stray blank line between messages
                }
                return Ok(match length {
                    Some(n) if n > MAX_BODY => {
                        Headers::Malformed(format!("a message of {n} bytes is too large"))
                    }
                    Some(n) => Headers::Length(n),
                    None => Headers::Malformed("missing Content-Length header".into()),
                });
            }
            saw_header = true;
            let text = String::from_utf8_lossy(&line);
            match text.split_once(':') {
                Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                    match value.trim().parse::<usize>() {
                        Ok(n) => length = Some(n),
                        Err(_) => {
                            return Ok(Headers::Malformed(format!(
                                "invalid Content-Length {:?}",
                                truncate(value.trim())
                            )))
                        }
                    }
                }
                Some(_) => {} // Content-Type and any other header
                None => {
                    return Ok(Headers::Malformed(format!(
                        "not a header: {:?}",
                        truncate(&text)
                    )))
                }
            }
        }
    }

    /// Reads a body of `length` bytes; `None` when the input ends first.
    async fn body(&mut self, length: usize) -> std::io::Result<Option<Vec<u8>>> {
        let mut body = Vec::with_capacity(length);
        loop {
            let n = self.pending().len().min(length - body.len());
            body.extend_from_slice(&self.pending()[..n]);
            self.take(n);
            if body.len() == length {
                return Ok(Some(body));
            }
            if !self.fill().await? {
                return Ok(None);
            }
        }
    }

    /// [`check`]s a body this reader gave; one that is not JSON was framed
    /// wrong, and the reader recovers from it (see [`recover`](Self::recover)):
    /// `body` may then be cut to the message it holds.
    pub fn checked(&mut self, body: &mut Vec<u8>) -> Checked {
        let first = check(body);
        let not_json = matches!(&first, Checked::Invalid(e) if e["error"]["code"] == -32700);
        if !not_json {
            return first;
        }
        match self.recover(body) {
            Some(end) => {
                body.truncate(end);
                check(body)
            }
            None => first,
        }
    }

    /// After a body that is not JSON: when it starts with a whole JSON value
    /// and something else follows, the stated length was too long and the
    /// rest belongs to the next message: it is read again, and the value's
    /// length returned. Either way the reader then skips to the next header.
    fn recover(&mut self, body: &[u8]) -> Option<usize> {
        self.resync = true;
        let mut values =
            serde_json::Deserializer::from_slice(body).into_iter::<serde::de::IgnoredAny>();
        values.next()?.ok()?;
        let end = values.byte_offset();
        let rest = &body[end..];
        if rest.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        self.buf.splice(self.at..self.at, rest.iter().copied());
        Some(end)
    }
}

enum Headers {
    Length(usize),
    Malformed(String),
    End,
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
    /// Not one the server is to see: the error response to send instead.
    Invalid(serde_json::Value),
}

/// Checks a body with the same types tower-lsp-server decodes into, so that
/// whatever passes, it accepts.
///
/// Requests named `$/…` are answered here: tower-lsp-server drops its
/// `MethodNotFound` for them even when they carry an `id` (the protocol lets
/// a server ignore only such notifications), and foil serves none.
pub fn check(body: &[u8]) -> Checked {
    if let Ok(request) = serde_json::from_slice::<Request>(body) {
        if let (Some(id), true) = (request.id(), request.method().starts_with("$/")) {
            return Checked::Invalid(json!({"jsonrpc": "2.0", "id": id, "error": {
                "code": -32601, "message": format!("Method not found: {}", request.method())}}));
        }
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

/// One message to the client: its body; the header is added as it is written.
pub struct Message {
    body: Vec<u8>,
}

impl Message {
    pub fn body(body: Vec<u8>) -> Message {
        Message { body }
    }

    fn header(&self) -> String {
        format!("Content-Length: {}\r\n\r\n", self.body.len())
    }

    fn write_to(&self, output: &mut impl Write) -> std::io::Result<()> {
        output.write_all(self.header().as_bytes())?;
        output.write_all(&self.body)
    }

    async fn write_to_async<O: AsyncWrite + Unpin>(&self, output: &mut O) -> std::io::Result<()> {
        output.write_all(self.header().as_bytes()).await?;
        output.write_all(&self.body).await
    }
}

enum Item {
    Message(Message),
    /// Everything sent before has been written: stop.
    Stop,
}

/// The way out to the client, shared with the server's own output: a
/// message sent here is written whole, never inside another. It also carries
/// what the transport read of the client's snippet support.
#[derive(Clone)]
pub struct Outbox(mpsc::Sender<Item>, crate::lsp::snippet::Support);

/// Messages waiting to be written.
pub struct Outgoing(mpsc::Receiver<Item>);

pub fn outbox() -> (Outbox, Outgoing) {
    let (tx, rx) = mpsc::channel(64);
    (Outbox(tx, Default::default()), Outgoing(rx))
}

impl Outbox {
    /// Whether the client applies snippet edits (known once `initialize` passed).
    pub fn snippet_support(&self) -> &crate::lsp::snippet::Support {
        &self.1
    }

    /// Queues `message`; returns whether the output is still open.
    pub async fn send(&self, message: Message) -> bool {
        self.0.send(Item::Message(message)).await.is_ok()
    }

    /// Sends a notification serialized by serde straight from `params` (the
    /// protocol's structs, borrowed), in turn with the guard's own messages.
    /// Returns whether the output is still open.
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
        let mut input = FrameReader::new(input);
        let mut to_server = to_server;
        loop {
            match input.next_frame().await {
                Ok(Some(Frame::Body(mut body))) => match input.checked(&mut body) {
                    Checked::Valid { exit } => {
                        errors.snippet_support().learn_from(&body);
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
                        tracing::error!("dropped a message: {}", error["error"]["message"]);
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
        let mut from_server = FrameReader::new(from_server);
        while let Ok(Some(Frame::Body(body))) = from_server.next_frame().await {
            let body = if frames.snippet_support().get() {
                crate::lsp::snippet::rewrite(body)
            } else {
                body
            };
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
        let mut r = FrameReader::new(bytes);
        let mut out = Vec::new();
        while let Some(f) = r.next_frame().await.unwrap() {
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
        // A length too large is not waited for: the next message is read.
        let huge = format!(
            "Content-Length: {}\r\n\r\n{{}}Content-Length: 2\r\n\r\n[]",
            MAX_BODY + 1
        );
        let got = frames(huge.as_bytes()).await;
        assert!(matches!(&got[0], Frame::Malformed(m) if m.contains("too large")));
        assert_eq!(got[1], Frame::Body(b"[]".to_vec()));
    }

    #[tokio::test]
    async fn a_length_too_long_gives_back_what_belongs_to_the_next_message() {
        let first = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut bytes = format!("Content-Length: {}\r\n\r\n", first.len() + 5).into_bytes();
        bytes.extend_from_slice(first);
        bytes.extend_from_slice(b"Content-Length: 2\r\n\r\n[]");
        let mut r = FrameReader::new(&bytes[..]);
        let Some(Frame::Body(mut body)) = r.next_frame().await.unwrap() else {
            panic!("a body first");
        };
        assert_eq!(&body[first.len()..], b"Conte");
        assert_eq!(r.checked(&mut body), Checked::Valid { exit: false });
        assert_eq!(body, first);
        assert_eq!(
            r.next_frame().await.unwrap(),
            Some(Frame::Body(b"[]".to_vec()))
        );
        assert_eq!(r.next_frame().await.unwrap(), None);
    }

    /// Why the guard exists: tower-lsp-server's own reader (0.23, on
    /// tokio-util's `FramedRead`) ends the stream at the first frame it cannot
    /// decode, and the server stops serving though its input is still open.
    /// If this fails, a new tower-lsp-server recovers by itself and the
    /// guard can go.
    #[tokio::test]
    async fn tower_lsp_server_alone_stops_at_the_first_malformed_frame() {
        use tower_lsp_server::LspService;
        let (outbox, _outgoing) = outbox();
        let (service, socket) =
            LspService::new(move |client| crate::lsp::server::Server::new(client, outbox));
        let (mut client, server_input) = tokio::io::duplex(PIPE);
        let (server_output, from_server) = tokio::io::duplex(PIPE);
        let serving = tokio::spawn(
            tower_lsp_server::Server::new(server_input, server_output, socket).serve(service),
        );
        let initialize =
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        let message = format!(
            "Content-Length: abc\r\n\r\nContent-Length: {}\r\n\r\n{initialize}",
            initialize.len()
        );
        client.write_all(message.as_bytes()).await.unwrap();
        let ended = tokio::time::timeout(std::time::Duration::from_secs(10), serving).await;
        assert!(
            ended.is_ok(),
            "tower-lsp-server kept serving after a malformed frame: the guard may no longer be needed"
        );
        let mut answers = FrameReader::new(from_server);
        let mut ids = Vec::new();
        while let Ok(Some(Frame::Body(body))) = answers.next_frame().await {
            let message: serde_json::Value = serde_json::from_slice(&body).unwrap();
            ids.push(message["id"].clone());
        }
        // The parse error only: the valid request after it went unread.
        assert_eq!(ids, [json!(null)]);
        drop(client);
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
            error(br#"{"jsonrpc":"2.0","id":"a","method":"$/x"}"#),
            (-32601, json!("a"))
        );
        assert_eq!(
            check(br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#),
            valid(false)
        );
        assert_eq!(
            error(br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#).0,
            -32600
        );
    }
}
