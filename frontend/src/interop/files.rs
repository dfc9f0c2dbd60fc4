//! Saving a file the app received (an `.ics` calendar file fetched with the access token)
//! through a Blob object URL and a temporary `download` link.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}")]
extern "C" {
    /// Offers `text` to the person as a file named `name` of MIME type `mime`.
    #[wasm_bindgen(js_name = download)]
    pub fn download(name: &str, mime: &str, text: &str);
}
