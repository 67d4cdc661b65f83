//! Tests across the annotation module: apply on hand-built and toy-read
//! analyses, the round trip of rendering and parsing, edits and completion.

mod apply;
mod complete;
mod edits;
mod roundtrip;
mod support;
