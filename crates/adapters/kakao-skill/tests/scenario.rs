//! config/scenario.toml held against the skill table: every block in the scenario calls a route
//! the server serves (its slots' validation skills too), and every skill the server serves has
//! its block, under the same name and route, in the scenario.
#![expect(clippy::unwrap_used, reason = "tests")]

use std::collections::BTreeMap;

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::{App, test, web};
use junggye_kakao_skill::{Block, BlockSpec, Blocks, SkillConfig, SkillState, testing};
use serde::Deserialize;
use serde_json::json;

const SCENARIO: &str = include_str!("../../../../config/scenario.toml");
const SECRET: &str = "scenario-test-secret";

#[derive(Deserialize)]
struct Scenario {
    blocks: BTreeMap<String, BlockSpec>,
}

/// The state is built from the table itself, not the scenario under test: a broken scenario
/// must be reported entry by entry, not stop the test at `Blocks::from_toml`.
fn state() -> web::Data<SkillState> {
    let table: String = Block::ALL
        .iter()
        .map(|b| format!("[blocks.{}]\nroute = \"{}\"\n", b.name(), b.route()))
        .collect();
    // Mocks without expectations: every probe is refused by the guards before a handler runs.
    web::Data::new(SkillState::new(
        testing::services(),
        Blocks::from_toml(&table).unwrap(),
        SkillConfig {
            skill_secret: Some(SECRET.into()),
            ..SkillConfig::default()
        },
    ))
}

/// What the scenario and the server disagree on, each entry named.
#[derive(Default)]
struct Disagreements {
    /// Scenario entries whose route the server does not serve.
    unserved: Vec<String>,
    /// Served skills with no block of that name and route in the scenario.
    missing: Vec<String>,
}

async fn disagreements(scenario: &str) -> Disagreements {
    let scenario: Scenario = toml::from_str(scenario).unwrap();
    let app = test::init_service(
        App::new().configure(|cfg| junggye_kakao_skill::configure(cfg, state())),
    )
    .await;
    let mut found = Disagreements::default();
    for (name, spec) in &scenario.blocks {
        // Without the secret a mounted skill answers 401 before its handler runs; a path the
        // server does not mount answers 404.
        let probe = test::TestRequest::post().uri(&spec.route).to_request();
        if app.call(probe).await.unwrap().status() == StatusCode::NOT_FOUND {
            found.unserved.push(format!("{name} calls {}", spec.route));
        }
        for slot in &spec.slots {
            let Some(field) = &slot.validate else {
                continue;
            };
            // `/skill/validate/{field}` is mounted for any field and only its handler knows
            // the fields, so this probe passes the guards to reach it.
            let probe = test::TestRequest::post()
                .uri(&format!("/skill/validate/{field}"))
                .insert_header(("X-Skill-Secret", SECRET))
                .set_json(json!({"value": {"origin": "x"}}))
                .to_request();
            if app.call(probe).await.unwrap().status() == StatusCode::NOT_FOUND {
                found.unserved.push(format!(
                    "{name} slot {} validates with /skill/validate/{field}",
                    slot.name
                ));
            }
        }
    }
    for block in Block::ALL {
        if scenario
            .blocks
            .get(block.name())
            .is_none_or(|spec| spec.route != block.route())
        {
            found
                .missing
                .push(format!("{} (route {})", block.name(), block.route()));
        }
    }
    found
}

#[tokio::test]
async fn shipped_scenario_and_skill_table_agree() {
    let found = disagreements(SCENARIO).await;
    assert!(
        found.unserved.is_empty() && found.missing.is_empty(),
        "config/scenario.toml entries whose route the server does not serve: {:?}\n\
         skills served with no block of that name and route in config/scenario.toml: {:?}",
        found.unserved,
        found.missing
    );
}

#[tokio::test]
async fn disagreements_are_named() {
    let scenario = SCENARIO
        .replacen("[blocks.HOME]", "[blocks.MAIN_MENU]", 1)
        .replacen("\"/skill/notices/detail\"", "\"/skill/notice\"", 1)
        .replacen("validate = \"nickname\"", "validate = \"nick\"", 1);
    let found = disagreements(&scenario).await;
    assert_eq!(
        found.unserved,
        [
            "MEMBER_JOIN slot name validates with /skill/validate/nick",
            "NOTICE_DETAIL calls /skill/notice",
        ]
    );
    assert_eq!(
        found.missing,
        [
            "HOME (route /skill/home)",
            "NOTICE_DETAIL (route /skill/notices/detail)",
        ]
    );
}
