//! What the answer to a send means for the push: the send half of the table in
//! docs/notifications.md ("Event API adapter"), as one pure function.

use anyhow::anyhow;
use junggye_notifications::{PushError, TaskId};

use crate::dto::{SendAnswer, from_object};

/// The answer to `POST /v2/bots/{botId}/talk` with HTTP status `http` and body `body`.
///
/// `SUCCESS` with a task id is accepted. A `FAIL` or `ERROR` answer and any error status was
/// not accepted, except 504: a gateway that gave up waiting may have passed the request on.
/// A 2xx whose body cannot be read may have been accepted too; then the push is given up
/// rather than risk sending it twice.
///
/// # Errors
/// [`PushError::NotSent`] or [`PushError::Unknown`] as above.
pub fn send_outcome(http: u16, body: &[u8]) -> Result<TaskId, PushError> {
    let answer = from_object::<SendAnswer>(body);
    if !(200..300).contains(&http) {
        let detail = answer.map(|a| describe(&a)).unwrap_or_default();
        let error = anyhow!("the Event API answered HTTP {http}{detail}");
        return Err(if http == 504 {
            PushError::Unknown(error)
        } else {
            PushError::NotSent(error)
        });
    }
    let answer = answer.map_err(|e| {
        PushError::Unknown(anyhow!(e).context(format!("unreadable HTTP {http} answer to a send")))
    })?;
    let status = answer.status.as_deref().map(str::to_ascii_uppercase);
    match status.as_deref() {
        Some("SUCCESS") => match answer.task_id {
            Some(task) if !task.trim().is_empty() => Ok(TaskId(task)),
            _ => Err(PushError::Unknown(anyhow!(
                "the Event API accepted a send without a taskId"
            ))),
        },
        Some("FAIL" | "ERROR") => Err(PushError::NotSent(anyhow!(
            "the Event API refused a send{}",
            describe(&answer)
        ))),
        _ => Err(PushError::Unknown(anyhow!(
            "HTTP {http} answer to a send with status {:?}",
            answer.status
        ))),
    }
}

/// `: STATUS message` of an answer, for the error text (Kakao's words, never the request).
fn describe(answer: &SendAnswer) -> String {
    let parts: Vec<&str> = [answer.status.as_deref(), answer.message.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use junggye_notifications::{PushError, TaskId};

    use super::send_outcome;

    fn not_sent(http: u16, body: &str) -> bool {
        matches!(
            send_outcome(http, body.as_bytes()),
            Err(PushError::NotSent(_))
        )
    }

    fn unknown(http: u16, body: &str) -> bool {
        matches!(
            send_outcome(http, body.as_bytes()),
            Err(PushError::Unknown(_))
        )
    }

    #[test]
    fn success_with_a_task_id_is_accepted() {
        let body = r#"{"taskId":"5f767a00-2ac6","status":"SUCCESS","timestamp":1728382106745}"#;
        assert_eq!(
            send_outcome(200, body.as_bytes()).unwrap(),
            TaskId("5f767a00-2ac6".into())
        );
    }

    #[test]
    fn fail_or_error_on_200_was_not_sent() {
        assert!(not_sent(
            200,
            r#"{"status":"FAIL","message":"no such event"}"#
        ));
        assert!(not_sent(200, r#"{"status":"ERROR"}"#));
    }

    #[test]
    fn error_statuses_were_not_sent_except_504() {
        for http in [301, 400, 401, 404, 429, 500, 502, 503] {
            assert!(
                not_sent(http, r#"{"status":"ERROR","message":"x"}"#),
                "{http}"
            );
            assert!(not_sent(http, "<html>"), "{http}");
        }
        assert!(unknown(504, ""));
    }

    #[test]
    fn an_accepted_answer_we_cannot_use_is_unknown() {
        assert!(unknown(200, ""));
        assert!(unknown(200, "<html>"));
        assert!(unknown(200, r#"{"status":"SUCCESS"}"#));
        assert!(unknown(200, r#"{"status":"SUCCESS","taskId":" "}"#));
        assert!(unknown(200, r#"{"status":"QUEUED","taskId":"t"}"#));
    }

    #[test]
    fn the_error_names_kakaos_status_and_message() {
        let Err(error) = send_outcome(401, br#"{"status":"ERROR","message":"bad key"}"#) else {
            panic!("accepted");
        };
        assert_eq!(
            error.to_string(),
            "push not sent: the Event API answered HTTP 401: ERROR bad key"
        );
    }
}
