//! A task lookup's answer as one result per recipient: the table in docs/notifications.md
//! ("Event API adapter"), kept in this one pure function.

use std::collections::HashMap;

use junggye_notifications::RecipientResult;

use crate::dto::TaskAnswer;

/// `errorMsg.errorType` of a recipient whose event block's skill answered with an HTTP error:
/// the only code Kakao documents (`kakao-event-api.md` §4). Worth retrying.
pub const SKILL_ERROR_TYPE: i64 = 201;

/// The answer holds no final result yet, or none we can read: look again later.
#[derive(Debug, PartialEq, Eq)]
pub struct NotReady(pub String);

/// `status`: `"ALL SUCCESS"` or `"<n> FAIL"`; anything else (an in-progress value, which no
/// source shows) is not a result.
enum Summary {
    AllSuccess,
    Failed(u64),
}

fn summary(status: &str) -> Option<Summary> {
    let status = status.trim();
    if status.eq_ignore_ascii_case("ALL SUCCESS") {
        return Some(Summary::AllSuccess);
    }
    let n = status.strip_suffix("FAIL")?.trim().parse().ok()?;
    Some(Summary::Failed(n))
}

/// The result of each of `user_keys` (the task's recipients) in `answer`.
///
/// Kakao lists failed recipients only, and not all of them: unresolvable keys are only counted
/// (`userKeyResolvingFailCount`). So a listed recipient failed (errorType 201, the skill's
/// error: [`RecipientResult::Failed`], retried; any other type, not a friend or blocked:
/// [`RecipientResult::Unreachable`]), and the unlisted ones are read from the counts: all of
/// them failed when nobody was delivered (`successCount` 0), so unreachable; otherwise
/// delivered. That includes the ambiguous case where some unlisted keys were unresolvable and
/// the counts cannot say which: neither result is retried, so the guess cannot send a push
/// twice, and an unresolvable key is rare for keys taken from the member's own skill calls.
/// When the counts show recipients neither delivered nor failed yet, the unlisted ones are
/// [`RecipientResult::Pending`].
///
/// # Errors
/// [`NotReady`] when `status` is neither `"ALL SUCCESS"` nor `"<n> FAIL"`.
pub fn recipient_results(
    answer: &TaskAnswer,
    user_keys: &[String],
) -> Result<Vec<(String, RecipientResult)>, NotReady> {
    let status = answer.status.as_deref().unwrap_or_default();
    let failed = match summary(status) {
        Some(Summary::AllSuccess) => {
            return Ok(user_keys
                .iter()
                .map(|key| (key.clone(), RecipientResult::Delivered))
                .collect());
        }
        Some(Summary::Failed(n)) => answer.fail.count.unwrap_or(n),
        None => return Err(NotReady(format!("task status {status:?}"))),
    };
    let listed: HashMap<&str, Option<i64>> = answer
        .fail
        .list
        .iter()
        .filter_map(|f| Some((f.user_id.as_deref()?, f.error_type())))
        .collect();
    let unlisted = unlisted_result(answer, failed);
    Ok(user_keys
        .iter()
        .map(|key| {
            let result = match listed.get(key.as_str()) {
                Some(Some(SKILL_ERROR_TYPE)) => RecipientResult::Failed,
                // Includes a failure without a readable type: only 201 is known to be worth
                // another try, and retrying a non-friend only fails again.
                Some(_) => RecipientResult::Unreachable,
                None => unlisted,
            };
            (key.clone(), result)
        })
        .collect())
}

/// What a recipient missing from `fail.list` became, given `failed` failures in all.
fn unlisted_result(answer: &TaskAnswer, failed: u64) -> RecipientResult {
    let all = answer.all_request_count;
    let success = answer
        .success_count
        .or_else(|| all.and_then(|all| all.checked_sub(failed)));
    match (all, success) {
        (Some(all), Some(success)) if success.saturating_add(failed) < all => {
            RecipientResult::Pending
        }
        (_, Some(0)) => RecipientResult::Unreachable,
        _ => RecipientResult::Delivered,
    }
}

#[cfg(test)]
mod tests;
