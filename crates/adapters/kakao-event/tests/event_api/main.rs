//! The Event API client against the stand-in (`stand-in` feature), and the stand-in against a
//! skill server: sends, faults, task results and the skill's replies.

mod send;
mod skill;
mod support;
mod task;
