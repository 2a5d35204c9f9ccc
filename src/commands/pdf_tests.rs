use std::path::Path;

use super::file_url;

#[test]
fn file_urls_encode_what_a_url_cannot_hold() {
    assert_eq!(
        file_url(Path::new("/tmp/a b/memo#1.html")),
        "file:///tmp/a%20b/memo%231.html"
    );
    // UTF-8 bytes one by one: é is C3 A9.
    assert_eq!(file_url(Path::new("/tmp/é")), "file:///tmp/%C3%A9");
}
