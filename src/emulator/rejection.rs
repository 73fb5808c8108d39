//! The errors the emulator answers with: HTTP status, Code and Message as the real service
//! words them.

/// A failed call, before it gets its RequestId and HostId.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl Rejection {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Rejection {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    pub fn missing(param: &str) -> Self {
        Self::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter “{param}” that is mandatory for processing this request is not supplied."
            ),
        )
    }

    pub fn invalid(param: &str) -> Self {
        Self::new(
            400,
            &format!("InvalidParameter.{param}"),
            format!("The specified parameter “{param}” is not valid."),
        )
    }

    pub fn unknown_key() -> Self {
        Self::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        )
    }

    pub fn signature_mismatch(string_to_sign: &str) -> Self {
        Self::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
        )
    }

    pub fn timestamp_expired() -> Self {
        Self::new(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        )
    }

    pub fn timestamp_format() -> Self {
        Self::new(
            400,
            "IllegalTimestamp",
            "The input parameter “Timestamp” that is not in ISO 8601 format \"yyyy-MM-ddTHH:mm:ssZ\".",
        )
    }

    pub fn nonce_used() -> Self {
        Self::new(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        )
    }

    pub fn forbidden_ram() -> Self {
        Self::new(
            403,
            "Forbidden.RAM",
            "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
        )
    }

    pub fn dry_run_ok() -> Self {
        Self::new(
            400,
            "DryRunOperation",
            "Request validation has been passed with DryRun flag set.",
        )
    }

    pub fn unknown_region() -> Self {
        Self::new(
            404,
            "InvalidRegionId.NotFound",
            "The specified RegionId does not exist.",
        )
    }

    pub fn unknown_action() -> Self {
        Self::new(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        )
    }

    pub fn throttled() -> Self {
        Self::new(
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
        )
    }

    pub fn internal_error() -> Self {
        Self::new(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
        )
    }

    pub fn service_unavailable() -> Self {
        Self::new(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        )
    }

    pub fn token_expired() -> Self {
        Self::new(
            400,
            "InvalidSecurityToken.Expired",
            "Specified SecurityToken is expired.",
        )
    }

    pub fn token_mismatch() -> Self {
        Self::new(
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "Specified SecurityToken mismatch with the AccessKey.",
        )
    }

    pub fn token_missing() -> Self {
        Self::new(
            400,
            "MissingSecurityToken",
            "SecurityToken is mandatory for this action.",
        )
    }

    /// The JSON body, with the `Recommend` link the real gateway adds.
    #[must_use]
    pub fn body(&self, request_id: &str, host_id: &str) -> String {
        serde_json::json!({
            "RequestId": request_id,
            "HostId": host_id,
            "Code": self.code,
            "Message": self.message,
            "Recommend": format!(
                "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={request_id}",
                self.code
            ),
        })
        .to_string()
    }
}
