//! Any JSON text as one instance object: whatever serde_json reads as an object is readable
//! as an instance, unless it names a field ecs-tui reads twice (which value would be meant?);
//! anything else is a clean error.
#![no_main]

use ecs_tui::api::Instance;
use libfuzzer_sys::fuzz_target;
use serde_json::value::RawValue;

fuzz_target!(|text: &str| {
    let Ok(raw) = RawValue::from_string(text.to_owned()) else {
        return;
    };
    // RawValue only checks the shape; numbers and escapes are read by a full parse.
    let looks_like_object = raw.get().trim_start().starts_with('{');
    let is_object = serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.is_object());
    match Instance::from_raw(raw) {
        Ok(instance) => {
            assert!(looks_like_object, "not an object, yet read: {text}");
            let _ = (
                instance.memory_gib(),
                instance.public_address(),
                instance.expires(),
            );
        }
        Err(e) => assert!(
            !is_object || e.to_string().starts_with("duplicate field"),
            "an object was refused: {text}: {e}"
        ),
    }
});
