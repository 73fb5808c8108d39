//! Any JSON text as one instance object: every object is readable, anything else is an error.
#![no_main]

use ecs_tui::api::Instance;
use libfuzzer_sys::fuzz_target;
use serde_json::value::RawValue;

fuzz_target!(|text: &str| {
    let Ok(raw) = RawValue::from_string(text.to_owned()) else {
        return;
    };
    let is_object = raw.get().trim_start().starts_with('{');
    match Instance::from_raw(raw) {
        Ok(instance) => {
            assert!(is_object);
            let _ = (instance.memory_gib(), instance.public_address(), instance.expires());
        }
        Err(_) => assert!(!is_object, "an object was refused: {text}"),
    }
});
