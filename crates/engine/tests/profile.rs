//! Profile checks: rules that apply to profile fields, and absence rules such as a bio that says
//! where someone works but has no "views my own".

use ft_engine::{Context, Engine, Profile, Verdict, default_example_time};
use ft_pack::{Severity, Target};

const PACK: &str = r#"
[pack]
id = "profile-test"
name = "Profile test"
version = "0"
language = "en-GB"
description = "Profile rules."

[organisation]
name = "Riverside Council"
aliases = ["RBC"]
handles = ["@RiversideCouncil"]

[[principle]]
id = "affiliation"
title = "Say who you are"
summary = "S"
source = { title = "T" }

[[list]]
id = "disclaimers"
terms = ["views my own", "views are my own", "personal account"]

[[rule]]
id = "bio-names-employer-without-disclaimer"
title = "Bio names the employer without a disclaimer"
principle = "affiliation"
tags = ["affiliation"]
severity = "advice"
applies_to = ["bio"]
message = "Your bio names {org}."
why = "w"
suggest = "s"
detect.absent = { lists = ["disclaimers"], if_present = { lists = ["organisation"] } }

  [[rule.example]]
  text = "Planning officer at Riverside Council"
  flags = ["Riverside Council"]

  [[rule.example]]
  text = "Planning officer at Riverside Council. Views my own."

[[rule]]
id = "handle-carries-org-name"
title = "Handle carries the organisation's name"
principle = "affiliation"
tags = ["affiliation"]
severity = "warning"
applies_to = ["name", "handle"]
message = "m"
why = "w"
suggest = "s"
detect.terms = { lists = ["organisation"] }

  [[rule.example]]
  text = "@Jo_RiversideCouncil"
  field = "handle"
  flags = ["RiversideCouncil"]

[[rule]]
id = "phone-anywhere"
title = "Phone"
principle = "affiliation"
tags = ["personal-data"]
severity = "note"
applies_to = ["post", "profile"]
message = "m"
why = "w"
suggest = "s"
detect.entity = { name = "phone" }
"#;

fn engine() -> Engine {
    let pack = ft_pack::load_pack_str("profile.toml", PACK).unwrap_or_else(|e| panic!("{e}"));
    Engine::new(pack).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn profile_fields_run_only_their_rules() {
    let engine = engine();
    let ctx = engine
        .resolve(&Context::personal_at(default_example_time()))
        .unwrap_or_else(|e| panic!("{e}"));
    let profile = Profile {
        name: Some("Jo (RBC)".into()),
        handle: Some("@jo_bloggs".into()),
        bio: Some("Planning officer at Riverside Council. Call 07700 900123".into()),
        location: Some("   ".into()),
        website: None,
    };
    let report = engine.check_profile(&profile, &ctx);
    let engine = &engine;
    let profile_ref = &profile;
    let seen: Vec<(Target, String, String)> = report
        .fields
        .iter()
        .flat_map(|f| {
            let text = profile_ref.field(f.field).unwrap_or("").to_string();
            f.report.findings.iter().map(move |x| {
                (
                    f.field,
                    engine.pack().rules[x.rule].id.clone(),
                    x.span.slice(&text).unwrap_or("").to_string(),
                )
            })
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (Target::Name, "handle-carries-org-name".into(), "RBC".into()),
            (
                Target::Bio,
                "bio-names-employer-without-disclaimer".into(),
                "Riverside Council".into()
            ),
            (Target::Bio, "phone-anywhere".into(), "07700 900123".into()),
        ]
    );
    // Blank fields are not checked; the verdict is the highest over all fields.
    assert_eq!(report.fields.len(), 3);
    assert_eq!(report.verdict(), Verdict::At(Severity::Warning));
    // Profile rules do not run on posts.
    let post = engine.check("Planning officer at Riverside Council", &ctx);
    assert!(post.findings.is_empty());
}

#[test]
fn examples_check_their_field() {
    let outcomes = ft_engine::run_examples(&engine());
    assert_eq!(outcomes.len(), 3);
    assert!(outcomes.iter().all(|o| o.failure.is_none()), "{outcomes:?}");
}
