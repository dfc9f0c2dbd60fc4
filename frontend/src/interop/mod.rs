//! JavaScript interop, one module per concern: each holds its `wasm_bindgen` externs and
//! exposes safe Rust functions.

pub mod daily;
pub mod files;
pub mod stripe;
