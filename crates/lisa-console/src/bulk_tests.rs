//! The bulk plan and runner (issue 14): the same lifecycle rules as the single buttons, at most
//! four requests out, never a retry, cancel and reload.

use super::*;
use lisa_api::decode_error;
use serde_json::Value;

fn cands<'a>(list: &'a [(&'a str, ModelStatus, Hosting)]) -> Vec<Candidate<'a>> {
    list.iter().map(|(id, status, hosting)| Candidate { id, status, hosting: *hosting }).collect()
}

#[test]
fn plan_uses_the_single_buttons_rules() {
    use ModelStatus::*;
    let list = [
        ("a", InService, Hosting::LisaHosted),
        ("b", Stopped, Hosting::LisaHosted),
        ("c", InService, Hosting::ThirdParty),
        ("d", Creating, Hosting::LisaHosted),
        ("e", Failed, Hosting::LisaHosted),
    ];
    let stop = plan(ModelAction::Stop, None, &cands(&list));
    assert_eq!(stop.apply, ["a"]);
    let skipped: Vec<&str> = stop.skipped.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(skipped, ["b", "c", "d", "e"]);
    assert_eq!(stop.skipped[0].1, "It is already stopped.");
    assert!(stop.skipped[1].1.contains("Only LISA-hosted models can be stopped"), "{:?}", stop.skipped[1]);
    for (id, reason) in &stop.skipped {
        let (_, status, hosting) = list.iter().find(|(i, _, _)| i == id).unwrap();
        assert_eq!(Err(reason.clone()), allowed_for(None, status, *hosting, ModelAction::Stop));
    }
    assert_eq!(plan(ModelAction::Start, None, &cands(&list)).apply, ["b"]);
    assert_eq!(plan(ModelAction::Delete, None, &cands(&list)).apply, ["a", "b", "c", "e"]);
    let not_admin = plan(ModelAction::Delete, Some("Not an admin."), &cands(&list));
    assert!(not_admin.apply.is_empty());
    assert!(not_admin.skipped.iter().all(|(_, r)| r == "Not an admin."));
    assert_eq!(delete_confirmation(&plan(ModelAction::Delete, None, &cands(&list))), "4");
}

fn run_of(n: usize) -> BulkRun {
    let apply = (0..n).map(|i| format!("m{i}")).collect();
    BulkRun::new(ModelAction::Stop, BulkPlan { apply, skipped: vec![("x".into(), "It is already stopped.".into())] })
}

#[test]
fn at_most_four_out_and_each_sent_once() {
    let mut run = run_of(10);
    let first = run.launch();
    assert_eq!(first.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert!(run.launch().is_empty(), "four are out: nothing more");
    run.finish(2, Outcome::Accepted);
    assert_eq!(run.launch(), [(4, "m4".to_string())]);
    // An answer for something not sent, or a second answer, changes nothing.
    run.finish(9, Outcome::Accepted);
    assert_eq!(run.items[9].1, Outcome::Waiting);
    run.finish(2, Outcome::Refused("late".into()));
    assert_eq!(run.items[2].1, Outcome::Accepted);
    let mut sent = vec![0, 1, 2, 3, 4];
    let mut guard = 0;
    while !run.is_finished() {
        let out: Vec<usize> = run.items.iter().enumerate().filter(|(_, (_, o))| *o == Outcome::Sent).map(|(i, _)| i).collect();
        assert!(out.len() <= MAX_IN_FLIGHT);
        for i in out {
            run.finish(i, Outcome::Accepted);
        }
        let next = run.launch();
        sent.extend(next.iter().map(|(i, _)| *i));
        guard += 1;
        assert!(guard < 20);
    }
    sent.sort_unstable();
    assert_eq!(sent, (0..10).collect::<Vec<_>>(), "every model sent exactly once");
    assert_eq!(run.progress(), (10, 10));
    assert_eq!(run.summary(), "Stop 10 models: done. 10 accepted, 1 skipped.");
}

#[test]
fn cancel_stops_launching_and_names_what_went_out() {
    let mut run = run_of(6);
    run.launch();
    run.finish(0, Outcome::Accepted);
    let out = run.cancel();
    assert_eq!(out, ["m1", "m2", "m3"]);
    assert!(run.launch().is_empty());
    assert_eq!(run.items[4].1, Outcome::NotSent);
    assert!(!run.is_finished(), "the three out still get their answers");
    run.finish(1, Outcome::Accepted);
    run.finish(2, Outcome::Refused("Model 'm2' is not in service".into()));
    run.finish(3, Outcome::Unknown("no answer".into()));
    assert!(run.is_finished());
    let note = run.cancel_note().unwrap();
    assert_eq!(note, "Cancelled: 3 requests had already gone out (m1, m2, m3); their answers are below. 2 models not sent.");
    assert_eq!(run.summary(), "Stop 6 models: done. 2 accepted, 1 refused, 1 unknown, 2 not sent, 1 skipped.");
    // A second cancel keeps the first answer.
    assert_eq!(run.cancel(), ["m1", "m2", "m3"]);
}

#[test]
fn reload_turns_in_flight_into_unknown_and_survives_json() {
    let mut run = run_of(6);
    run.launch();
    run.finish(0, Outcome::Accepted);
    run.finish(1, Outcome::Refused("LISA said \"no\"\\\n\u{1}<é>".into()));
    let text = run.to_json();
    assert_eq!(BulkRun::from_json(&text).as_ref(), Some(&run), "round trip");
    let back: BulkRun = BulkRun::from_json(&text).unwrap().after_reload();
    assert!(back.is_finished());
    assert_eq!(back.items[1].1, Outcome::Refused("LISA said \"no\"\\\n\u{1}<é>".into()));
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["items"][1][2], "LISA said \"no\"\\\n\u{1}<é>");
    assert!(matches!(&back.items[2].1, Outcome::Unknown(t) if t.contains("reloaded")));
    assert_eq!(back.items[5].1, Outcome::NotSent);
    assert!(back.launch_is_empty_after_reload());
    assert_eq!(back.action(), Some(ModelAction::Stop));
}

impl BulkRun {
    fn launch_is_empty_after_reload(&self) -> bool {
        self.clone().launch().is_empty()
    }
}

#[test]
fn outcomes_from_answers() {
    assert_eq!(outcome_of(Ok(())), Outcome::Accepted);
    let refused = decode_error(400, r#"{"detail":"Model 'm' is not in a stoppable state"}"#);
    assert_eq!(outcome_of(Err(&refused)), Outcome::Refused("Model 'm' is not in a stoppable state".into()));
    let network = ApiError::network();
    let Outcome::Unknown(text) = outcome_of(Err(&network)) else { panic!("network is unknown") };
    assert!(text.contains("may or may not have reached LISA"), "{text}");
    assert!(matches!(outcome_of(Err(&ApiError::timeout(5.0))), Outcome::Unknown(_)));
    assert_eq!(outcome_of(Err(&ApiError::decode(200, "response", "bad"))), Outcome::Accepted);
}

#[test]
fn selection_prunes_deleted_models_and_says_so() {
    let mut sel: Selection = ["a", "b", "c"].into_iter().map(String::from).collect();
    let gone = prune(&mut sel, |id| id != "b");
    assert_eq!(gone, ["b"]);
    assert_eq!(sel.len(), 2);
    assert!(prune(&mut sel, |_| true).is_empty());
    assert_eq!(gone_notice(&gone), "b no longer exists and left the selection.");
    let two = ["a".to_string(), "b".to_string()];
    assert_eq!(gone_notice(&two), "a and b no longer exist and left the selection.");
    let many: Vec<String> = (0..8).map(|i| format!("m{i}")).collect();
    assert_eq!(gone_notice(&many), "m0, m1, m2 and 5 more no longer exist and left the selection.");
    assert_eq!(gone_notice(&[]), "");
}

#[test]
fn stored_runs_are_untrusted() {
    for bad in ["", "null", "[]", r#"{"action":"stop"}"#, r#"{"action":"explode","items":[],"skipped":[],"cancelled":false,"out":[]}"#,
        r#"{"action":"stop","items":[["a","bogus",""]],"skipped":[],"cancelled":false,"out":[]}"#,
        r#"{"action":"stop","items":[["a"]],"skipped":[],"cancelled":false,"out":[]}"#] {
        assert_eq!(BulkRun::from_json(bad), None, "{bad}");
    }
    let ok = r#"{"action":"delete","items":[["a","refused","<b>no</b>"]],"skipped":[["b","why"]],"cancelled":true,"out":["a"]}"#;
    let run = BulkRun::from_json(ok).unwrap();
    assert_eq!(run.items[0].1, Outcome::Refused("<b>no</b>".into()));
    assert_eq!(run.action(), Some(ModelAction::Delete));
}
