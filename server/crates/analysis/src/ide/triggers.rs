//! What each Cognito trigger is for, and the `event.triggerSource` values its handler sees
//! (AWS Cognito developer guide, "Customizing user pool workflows with Lambda triggers").

pub struct TriggerInfo {
    pub name: &'static str,
    /// When Cognito calls the function, in one line.
    pub when: &'static str,
    pub sources: &'static [&'static str],
}

pub const TRIGGER_INFO: [TriggerInfo; 12] = [
    TriggerInfo {
        name: "PreSignUp",
        when: "Before a new user is created: accept, reject, auto-confirm or auto-verify the sign-up.",
        sources: &[
            "PreSignUp_SignUp",
            "PreSignUp_AdminCreateUser",
            "PreSignUp_ExternalProvider",
        ],
    },
    TriggerInfo {
        name: "PostConfirmation",
        when: "After a user confirms the sign-up or a forgotten-password reset.",
        sources: &[
            "PostConfirmation_ConfirmSignUp",
            "PostConfirmation_ConfirmForgotPassword",
        ],
    },
    TriggerInfo {
        name: "PreAuthentication",
        when: "When a user tries to sign in, before the password is checked: can deny the sign-in.",
        sources: &["PreAuthentication_Authentication"],
    },
    TriggerInfo {
        name: "PostAuthentication",
        when: "After a user signs in successfully (logging, analytics).",
        sources: &["PostAuthentication_Authentication"],
    },
    TriggerInfo {
        name: "PreTokenGeneration",
        when: "Before Cognito issues tokens: add, change or suppress claims and groups.",
        sources: &[
            "TokenGeneration_HostedAuth",
            "TokenGeneration_Authentication",
            "TokenGeneration_NewPasswordChallenge",
            "TokenGeneration_AuthenticateDevice",
            "TokenGeneration_RefreshTokens",
        ],
    },
    TriggerInfo {
        name: "CustomMessage",
        when: "Before Cognito sends a verification, invitation or MFA email/SMS: customizes its text.",
        sources: &[
            "CustomMessage_SignUp",
            "CustomMessage_AdminCreateUser",
            "CustomMessage_ResendCode",
            "CustomMessage_ForgotPassword",
            "CustomMessage_UpdateUserAttribute",
            "CustomMessage_VerifyUserAttribute",
            "CustomMessage_Authentication",
        ],
    },
    TriggerInfo {
        name: "DefineAuthChallenge",
        when: "Custom auth flow: decides the next challenge, or whether to issue tokens or fail.",
        sources: &["DefineAuthChallenge_Authentication"],
    },
    TriggerInfo {
        name: "CreateAuthChallenge",
        when: "Custom auth flow: creates the challenge DefineAuthChallenge asked for.",
        sources: &["CreateAuthChallenge_Authentication"],
    },
    TriggerInfo {
        name: "VerifyAuthChallengeResponse",
        when: "Custom auth flow: checks the user's answer to a challenge.",
        sources: &["VerifyAuthChallengeResponse_Authentication"],
    },
    TriggerInfo {
        name: "UserMigration",
        when: "When a user unknown to the pool signs in or resets a password: migrates them from another directory.",
        sources: &[
            "UserMigration_Authentication",
            "UserMigration_ForgotPassword",
        ],
    },
    TriggerInfo {
        name: "CustomSMSSender",
        when: "Instead of Cognito's SMS: sends codes through your provider (codes encrypted with the pool's KMS key).",
        sources: &[
            "CustomSMSSender_SignUp",
            "CustomSMSSender_ResendCode",
            "CustomSMSSender_ForgotPassword",
            "CustomSMSSender_UpdateUserAttribute",
            "CustomSMSSender_VerifyUserAttribute",
            "CustomSMSSender_Authentication",
            "CustomSMSSender_AdminCreateUser",
            "CustomSMSSender_AccountTakeOverNotification",
        ],
    },
    TriggerInfo {
        name: "CustomEmailSender",
        when: "Instead of Cognito's email: sends codes through your provider (codes encrypted with the pool's KMS key).",
        sources: &[
            "CustomEmailSender_SignUp",
            "CustomEmailSender_Authentication",
            "CustomEmailSender_ResendCode",
            "CustomEmailSender_ForgotPassword",
            "CustomEmailSender_UpdateUserAttribute",
            "CustomEmailSender_VerifyUserAttribute",
            "CustomEmailSender_AdminCreateUser",
            "CustomEmailSender_AccountTakeOverNotification",
        ],
    },
];

pub fn trigger_info(name: &str) -> Option<&'static TriggerInfo> {
    TRIGGER_INFO.iter().find(|t| t.name == name)
}

impl TriggerInfo {
    /// Markdown for hover and completion documentation.
    pub fn markdown(&self) -> String {
        let sources = self
            .sources
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "**{}**: {}\n\n`event.triggerSource`: {sources}",
            self.name, self.when
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_description_per_trigger_of_the_schema_in_its_order() {
        let names: Vec<&str> = TRIGGER_INFO.iter().map(|t| t.name).collect();
        assert_eq!(names, sls_config::COGNITO_TRIGGERS);
        for info in &TRIGGER_INFO {
            assert!(!info.sources.is_empty(), "{}", info.name);
        }
    }
}
