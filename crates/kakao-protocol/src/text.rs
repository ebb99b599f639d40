//! Character-count helpers: every Kakao limit is a count of characters, not bytes.

/// Number of Unicode scalar values in `s`, the unit Kakao's limits are measured in.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Shortens `text` to at most `max_chars` characters, ending with `…` when anything was cut.
///
/// The ellipsis counts toward `max_chars`, so the result always fits the limit it was cut for.
/// Whitespace left dangling before the ellipsis is dropped, because "abc …" reads worse than
/// "abc…".
pub fn fit(text: &str, max_chars: usize) -> String {
    if char_len(text) <= max_chars {
        return text.to_owned();
    }
    if max_chars == 0 {
        return String::new();
    }
    let kept: String = text.chars().take(max_chars - 1).collect();
    let mut out = kept.trim_end().to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_korean_and_emoji_as_one_char_each() {
        assert_eq!(char_len("중고거래"), 4);
        assert_eq!(char_len("😀👍"), 2);
        assert_eq!(char_len(""), 0);
    }

    #[test]
    fn leaves_short_text_alone() {
        assert_eq!(fit("안녕", 2), "안녕");
        assert_eq!(fit("", 0), "");
    }

    #[test]
    fn cuts_with_an_ellipsis_that_counts() {
        assert_eq!(fit("중고거래마켓", 4), "중고거…");
        assert_eq!(char_len(&fit("중고거래마켓", 4)), 4);
        assert_eq!(fit("abcdef", 1), "…");
        assert_eq!(fit("abcdef", 0), "");
    }

    #[test]
    fn never_splits_multibyte_chars() {
        let cut = fit("😀😀😀😀", 3);
        assert_eq!(cut, "😀😀…");
    }

    #[test]
    fn drops_whitespace_before_the_ellipsis() {
        assert_eq!(fit("ab cdef", 4), "ab…");
    }

    #[test]
    fn result_never_exceeds_the_limit() {
        let samples = [
            "",
            "a",
            "가나다라마바사",
            "😀 a 😀 b",
            "   ",
            "x".repeat(50).as_str(),
        ]
        .map(str::to_owned);
        for s in &samples {
            for max in 0..12 {
                let out = fit(s, max);
                assert!(char_len(&out) <= max, "{s:?} at {max} gave {out:?}");
                if char_len(s) > max && max > 0 {
                    assert!(out.ends_with('…'));
                }
            }
        }
    }
}
