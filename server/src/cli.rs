//! The binary's commands: `server [serve|migrate|seed|create-admin EMAIL]`.
//! Parsing and what each does to the database live here, apart from
//! `main`, so the tests run the same start-up steps.

use backend::Services;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Migrate, load the demo data into an empty database in demo mode, serve.
    Serve,
    Migrate,
    /// Demo mode only: load the demo data into an empty database.
    Seed,
    /// Invite the provider's first Platform Administrator; print the link.
    CreateAdmin {
        email: String,
    },
}

pub const USAGE: &str = "usage: server [serve | migrate | seed | create-admin EMAIL]";

impl Command {
    /// From the arguments after the program name; none means `serve`.
    pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
        let mut args = args.into_iter();
        let command = match args.next().as_deref() {
            None | Some("serve") => Command::Serve,
            Some("migrate") => Command::Migrate,
            Some("seed") => Command::Seed,
            Some("create-admin") => match args.next() {
                Some(email) if !email.starts_with('-') => Command::CreateAdmin { email },
                _ => return Err(format!("create-admin needs an email address\n{USAGE}")),
            },
            Some(other) => return Err(format!("unknown command {other}\n{USAGE}")),
        };
        match args.next() {
            None => Ok(command),
            Some(extra) => Err(format!("unexpected argument {extra}\n{USAGE}")),
        }
    }
}

/// `seed`: the demo data, only in demo mode (its accounts share a password
/// printed in the README).
pub async fn seed(services: &Services) -> Result<(), String> {
    if !services.config.demo_mode {
        return Err(
            "seed loads demo accounts with a published password: only with BC_MODE=demo".into(),
        );
    }
    if services.db.is_empty().await.map_err(|e| e.to_string())? {
        backend::seed::load_demo(services)
            .await
            .map_err(|e| e.to_string())?;
        println!("demo data loaded");
    }
    Ok(())
}

/// What `serve` does before it listens: in demo mode, the demo data into an
/// empty database; in production, nothing.
pub async fn prepare_to_serve(services: &Services) -> Result<(), String> {
    if services.config.demo_mode {
        seed(services).await?;
    }
    Ok(())
}

/// `create-admin EMAIL`: the invitation link, to print once.
pub async fn create_admin(services: &Services, email: &str) -> Result<String, String> {
    use backend::accounts::platform::invite_first_admin;
    match invite_first_admin(services, email).await {
        Ok(invitation) => {
            let mut out = format!(
                "Platform Administrator invitation for {}; open this link to create the account \
                 (it is shown only now and expires in {} days):\n{}",
                invitation.email,
                domain::invitation::INVITATION_VALIDITY_DAYS,
                invitation.link
            );
            if invitation.replaced_earlier {
                out.push_str("\nThe earlier create-admin link no longer works.");
            }
            Ok(out)
        }
        Err(backend::Error::Conflict(backend::Code::PlatformAdminExists)) => Err(
            "a Platform Administrator exists already: they invite others from the portal".into(),
        ),
        Err(backend::Error::Invalid(_)) => Err(format!("{email} is not a valid email address")),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        Command::parse(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn commands_parse() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(parse(&["serve"]), Ok(Command::Serve));
        assert_eq!(parse(&["migrate"]), Ok(Command::Migrate));
        assert_eq!(parse(&["seed"]), Ok(Command::Seed));
        assert_eq!(
            parse(&["create-admin", "ops@example.com"]),
            Ok(Command::CreateAdmin {
                email: "ops@example.com".into()
            })
        );
        for bad in [
            &["create-admin"][..],
            &["create-admin", "--help"],
            &["create-admin", "a@example.com", "b@example.com"],
            &["serve", "now"],
            &["start"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
