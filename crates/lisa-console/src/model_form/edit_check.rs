//! The edit form's checks: LISA's schema rules (V37–V44) on the minimal body, its state rules
//! against the model as loaded (V47–V57; V73/V74 for the schedule), the schedule rules
//! (V64–V70), the advisory rules (A2, A4–A6, A8–A10) and the form's own.

use std::collections::BTreeSet;

use super::edit::{approximate_asg, EditForm, ScheduleChange, Scope};
use super::place::{self, Placer};
use super::rows;
use super::schedule as sched;
use super::{too_large, FormErrors, Problem};
use lisa_api::model::LisaModel;
use lisa_api::validate::state;
use lisa_api::validate::{self, advisory, loc};

impl EditForm {
    pub fn placer(&self, model: &LisaModel) -> Placer {
        let scope = Scope::of(model);
        let mut known = BTreeSet::new();
        place::insert_all(
            &mut known,
            &["modelType", "modelDescription", "streaming", "allowedGroups", place::SECTION_STATUS],
        );
        for i in 0..self.features.len() {
            known.insert(format!("features.{i}.name"));
            known.insert(format!("features.{i}.overview"));
        }
        known.insert(place::SECTION_FEATURES.into());
        if scope.hosted {
            known.insert("enabled".into());
            known.insert(place::SECTION_AUTOSCALING.into());
            for f in ["minCapacity", "maxCapacity", "desiredCapacity", "cooldown", "defaultInstanceWarmup"] {
                known.insert(format!("autoScalingInstanceConfig.{f}"));
            }
            let mut keys = Vec::new();
            self.schedule.keys(&mut keys);
            known.extend(keys);
        }
        let env = scope.container.then_some(self.container.environment.as_slice());
        if scope.container {
            known.insert("acknowledgeRestart".into());
            known.insert(place::SECTION_CONTAINER.into());
            for f in ["sharedMemorySize", "healthCheckCommand", "healthCheckInterval", "healthCheckTimeout", "healthCheckStartPeriod", "healthCheckRetries"] {
                known.insert(format!("containerConfig.{f}"));
            }
        }
        Placer::new(known, env, &self.guardrails)
    }

    /// Every complaint about saving this form now: LISA's schema rules (V37–V44) on the
    /// minimal body, its state rules against the model as loaded (V47–V57; V73/V74 for the
    /// schedule), the schedule rules (V64–V70), the advisory rules (A2, A4–A6, A8–A10) and
    /// the form's own (a cleared capacity, duplicates, the restart acknowledgement).
    pub fn check(&self, original: &EditForm, model: &LisaModel) -> FormErrors {
        let scope = Scope::of(model);
        let placer = self.placer(model);
        let mut errors = FormErrors::default();
        if !scope.changeable {
            let text = format!(
                "This model is {}. LISA accepts changes only while a model is InService or Stopped; wait for its workflow to finish.",
                model.status
            );
            errors.add(Some(place::SECTION_STATUS.into()), Problem::new(text));
        }
        self.form_rules(original, &scope, &mut errors);
        let body = self.diff_json(original, model);
        if body.as_object().is_some_and(|m| !m.is_empty()) {
            match validate::update_model(&body) {
                Err(violations) => violations.iter().for_each(|v| placer.add(&mut errors, &v.error)),
                Ok(normalised) => {
                    if let Err(detail) = state::check_update(model, &normalised, approximate_asg(model)) {
                        let key = place::state_rule_key(&detail);
                        errors.add(placer.knows(key).then(|| key.to_string()), Problem::new(detail));
                    }
                }
            }
            advisory::update(model, &body).iter().for_each(|e| placer.add(&mut errors, e));
            if body.get("containerConfig").is_some() && !self.acknowledge_restart {
                errors.add(
                    Some("acknowledgeRestart".into()),
                    Problem::new("Container changes restart the model: tick the box to confirm."),
                );
            }
        }
        let change = self.schedule_change(original, model);
        if let ScheduleChange::Put(body) = &change {
            if let Err(violations) = validate::schedule(body, &loc(&["body", "autoScalingConfig", "scheduling"])) {
                violations.iter().for_each(|v| placer.add(&mut errors, &v.error));
            }
        }
        if change != ScheduleChange::None {
            if let Err(detail) = state::check_schedule_change(model, scope.hosted, matches!(change, ScheduleChange::Put(_))) {
                errors.add(Some(sched::PREFIX.into()), Problem::new(detail));
            }
        }
        errors
    }

    fn form_rules(&self, original: &EditForm, scope: &Scope, errors: &mut FormErrors) {
        if scope.hosted {
            let (c, o) = (&self.capacity, &original.capacity);
            for (name, now, before) in [
                ("minCapacity", &c.min_capacity, &o.min_capacity),
                ("maxCapacity", &c.max_capacity, &o.max_capacity),
                ("cooldown", &c.cooldown, &o.cooldown),
                ("defaultInstanceWarmup", &c.default_instance_warmup, &o.default_instance_warmup),
            ] {
                let key = format!("autoScalingInstanceConfig.{name}");
                if now.trim().is_empty() && !before.trim().is_empty() {
                    errors.add(Some(key), Problem::new(format!("Enter a number (currently {before}); LISA cannot unset it.")));
                } else if let Some(p) = too_large(now) {
                    errors.add(Some(key), p);
                }
            }
        }
        if scope.container {
            rows::env_duplicates(&self.container.environment, errors);
            let (c, o) = (&self.container, &original.container);
            for (name, now, before) in [
                ("sharedMemorySize", &c.shared_memory_size, &o.shared_memory_size),
                ("healthCheckInterval", &c.interval, &o.interval),
                ("healthCheckTimeout", &c.timeout, &o.timeout),
                ("healthCheckStartPeriod", &c.start_period, &o.start_period),
                ("healthCheckRetries", &c.retries, &o.retries),
            ] {
                let key = format!("containerConfig.{name}");
                if now.trim().is_empty() && !before.trim().is_empty() {
                    errors.add(Some(key), Problem::new(format!("Enter a number (currently {before}); LISA cannot unset it.")));
                } else if let Some(p) = too_large(now) {
                    errors.add(Some(key), p);
                }
            }
        }
        rows::guardrail_duplicates(&self.guardrails, errors);
        // V44 only sees the body: switching a streaming model to embedding without turning
        // streaming off would be accepted and leave an embedding model that streams (as A6).
        if self.model_type == "embedding" && original.model_type != "embedding" && self.streaming && original.streaming {
            errors.add(
                Some("streaming".into()),
                Problem::new("An embedding model cannot stream: turn streaming off too (LISA only checks the two when both are sent)."),
            );
        }
    }
}
