//! The two routes. Kakao documents no error answers (`kakao-event-api.md` §3); the stand-in's
//! are its own: 401 `ERROR` for a missing or wrong key, 404 `ERROR` for another bot or an
//! unknown task, 400 `FAIL` for a request Kakao would not take.

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use junggye_notifications::MAX_RECIPIENTS;
use serde_json::{Value, json};

use super::deliver::deliver_all;
use super::state::{Fault, SentEvent, SentUser, StandIn};

const USER_TYPES: [&str; 3] = ["botUserKey", "plusfriendUserKey", "appUserId"];

/// `POST /v2/bots/{botId}/talk`.
pub(super) async fn talk(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<StandIn>,
) -> HttpResponse {
    let fault = state.book().faults.pop_front();
    match fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return refusal(status, "ERROR", "a fault scripted in the stand-in");
        }
        Some(Fault::Down) => {
            return refusal(
                StatusCode::SERVICE_UNAVAILABLE,
                "ERROR",
                "the stand-in plays Kakao being down",
            );
        }
        Some(Fault::Timeout(_)) | None => {}
    }
    let answer = accept(&req, &body, &state).await;
    if let Some(Fault::Timeout(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    answer
}

async fn accept(req: &HttpRequest, body: &[u8], state: &StandIn) -> HttpResponse {
    let config = state.config();
    let expected = format!("KakaoAK {}", config.rest_api_key);
    let sent_key = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if sent_key != Some(expected.as_str()) {
        return refusal(
            StatusCode::UNAUTHORIZED,
            "ERROR",
            "missing or wrong Authorization: KakaoAK {REST API key}",
        );
    }
    let bot_id = req
        .match_info()
        .get("bot_id")
        .unwrap_or_default()
        .to_owned();
    if let Some(own) = &config.bot_id
        && bot_id.trim_end_matches('!') != own.trim_end_matches('!')
    {
        return refusal(StatusCode::NOT_FOUND, "ERROR", "unknown bot id");
    }
    let (data, users) = match parse(body, &config.event_name) {
        Ok(parsed) => parsed,
        Err(message) => return refusal(StatusCode::BAD_REQUEST, "FAIL", message),
    };
    let task_id = uuid::Uuid::new_v4().to_string();
    let sent = SentEvent {
        task_id: task_id.clone(),
        event_name: config.event_name.clone(),
        bot_id,
        raw_path: req.uri().path().to_owned(),
        data,
        users,
    };
    // Accepted before delivery, as at Kakao: a lookup meanwhile finds no task yet.
    state.book().sent.push(sent.clone());
    let task = deliver_all(state, &sent).await;
    state.book().tasks.insert(task_id.clone(), task);
    HttpResponse::Ok().json(json!({
        "taskId": task_id,
        "status": "SUCCESS",
        "timestamp": Utc::now().timestamp_millis(),
    }))
}

/// `event.data` and the users of a send, or why Kakao would not take it.
fn parse(body: &[u8], event_name: &str) -> Result<(Value, Vec<SentUser>), &'static str> {
    let body: Value = serde_json::from_slice(body).map_err(|_| "the body is not JSON")?;
    if body["event"]["name"].as_str() != Some(event_name) {
        return Err("event.name names no event a block is registered for");
    }
    let data = match body["event"].get("data") {
        None | Some(Value::Null) => json!({}),
        Some(data @ Value::Object(_)) => data.clone(),
        Some(_) => return Err("event.data must be an object"),
    };
    let users = body["user"].as_array().ok_or("user must be an array")?;
    if users.is_empty() || users.len() > MAX_RECIPIENTS {
        return Err("user must hold 1 to 100 entries");
    }
    let users = users
        .iter()
        .map(|user| {
            let kind = user["type"]
                .as_str()
                .filter(|t| USER_TYPES.contains(t))
                .ok_or("user[].type must be botUserKey, plusfriendUserKey or appUserId")?;
            let id = user["id"]
                .as_str()
                .filter(|id| !id.is_empty())
                .ok_or("user[].id must be a non-empty string")?;
            let properties = match user.get("properties") {
                None | Some(Value::Null) => json!({}),
                Some(p @ Value::Object(_)) => p.clone(),
                Some(_) => return Err("user[].properties must be an object"),
            };
            Ok(SentUser {
                kind: kind.to_owned(),
                id: id.to_owned(),
                properties,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok((data, users))
}

/// `GET /v1/tasks/{taskId}`, with or without `Authorization` (Kakao's own example sends none).
pub(super) async fn task(path: web::Path<String>, state: web::Data<StandIn>) -> HttpResponse {
    let task_id = path.into_inner();
    let body = state
        .book()
        .tasks
        .get(&task_id)
        .map(|task| task.to_json(&task_id));
    match body {
        Some(body) => HttpResponse::Ok().json(body),
        None => refusal(StatusCode::NOT_FOUND, "ERROR", "no such task"),
    }
}

fn refusal(http: StatusCode, status: &str, message: &str) -> HttpResponse {
    HttpResponse::build(http).json(json!({ "status": status, "message": message }))
}
