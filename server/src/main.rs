//! `server [serve|migrate|seed|create-admin EMAIL]` (see `cli`): serve
//! (default) migrates, loads demo data into an empty database in demo mode
//! and prints the demo accounts; production mode (the default) loads nothing.

use std::net::SocketAddr;
use std::time::Duration;

use backend::{Clock, Db, Services};
use leptos::prelude::*;
use server::cli::{self, Command};
use server::config::{Config, Mode};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), String> {
    let command = Command::parse(std::env::args().skip(1))?;
    let leptos_options = get_configuration(None)
        .map_err(|e| e.to_string())?
        .leptos_options;
    let config = Config::from_env(leptos_options.site_addr)?;
    let db = Db::connect(&config.database_url).await.map_err(|e| {
        format!(
            "cannot open {}: {e}",
            backend::db::redact(&config.database_url)
        )
    })?;
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    let mut services = Services::new(
        db,
        Clock::system(),
        backend::Config {
            public_url: config.public_url.clone(),
            demo_mode: config.mode == Mode::Demo,
        },
    );
    if let Some(secret) = config.secret.clone() {
        services = services.with_secret(secret);
    }
    // Without BC_SECRET the first start makes the database's own key.
    services
        .secret()
        .await
        .map_err(|e| format!("the signing key: {e}"))?;
    match command {
        Command::Migrate => {
            println!("database migrated");
            Ok(())
        }
        Command::Seed => cli::seed(&services).await,
        Command::CreateAdmin { email } => {
            println!("{}", cli::create_admin(&services, &email).await?);
            Ok(())
        }
        Command::Serve => {
            cli::prepare_to_serve(&services).await?;
            serve(services, config, leptos_options).await
        }
    }
}

async fn serve(
    services: Services,
    config: Config,
    leptos_options: LeptosOptions,
) -> Result<(), String> {
    let ops = server::Operations::new(config.metrics_access.clone());
    spawn_jobs(&services, &config, &ops)?;
    let app = server::app(
        services,
        leptos_options,
        config.trusted_proxies.clone(),
        ops,
    );
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    print_banner(&config);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| e.to_string())
}

/// Outbox delivery (when SMTP is configured) and housekeeping, every few
/// seconds; each run counted in the metrics.
fn spawn_jobs(
    services: &Services,
    config: &Config,
    ops: &server::Operations,
) -> Result<(), String> {
    let smtp = match &config.smtp_url {
        Some(url) => {
            let ca = match &config.smtp_ca_file {
                Some(path) => {
                    Some(std::fs::read(path).map_err(|e| format!("BC_SMTP_CA_FILE={path}: {e}"))?)
                }
                None => None,
            };
            Some(
                backend::outbox::Smtp::new(url, &config.mail_from, ca.as_deref())
                    .map_err(|e| e.to_string())?,
            )
        }
        None => None,
    };
    let services = services.clone();
    let metrics = ops.metrics.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            let now = services.clock.now();
            if let Some(smtp) = &smtp {
                match backend::outbox::deliver_pending(&services.db, &services.clock, smtp).await {
                    Ok(delivered) => {
                        // Its dead letters are counted as deliveries, not
                        // as items the job skipped.
                        metrics.job_ran("outbox", 0);
                        metrics.outbox_delivered(&delivered);
                    }
                    Err(e) => {
                        metrics.job_failed("outbox");
                        tracing::warn!(error = %e, "outbox delivery failed");
                    }
                }
            }
            match backend::rate_limit::prune(&services.db, now).await {
                Ok(_) => metrics.job_ran("rate_limit_prune", 0),
                Err(e) => {
                    metrics.job_failed("rate_limit_prune");
                    tracing::warn!(error = %e, "pruning rate-limit events failed");
                }
            }
            match backend::api_idempotency::purge(&services.db, now).await {
                Ok(_) => metrics.job_ran("idempotency_purge", 0),
                Err(e) => {
                    metrics.job_failed("idempotency_purge");
                    tracing::warn!(error = %e, "purging idempotency records failed");
                }
            }
            match backend::sessions::purge_expired(&services.db, now).await {
                Ok(_) => metrics.job_ran("session_purge", 0),
                Err(e) => {
                    metrics.job_failed("session_purge");
                    tracing::warn!(error = %e, "purging expired sessions failed");
                }
            }
            // Renewals and billing periods run on business time (the demo
            // test clock included); every process may run it (see jobs.rs).
            let billing = match services.now().await {
                Ok(business_now) => {
                    backend::subscriptions::jobs::run_due(&services, business_now).await
                }
                Err(e) => Err(e),
            };
            match billing {
                Ok(report) => metrics.job_ran("billing", report.failed),
                Err(e) => {
                    metrics.job_failed("billing");
                    tracing::warn!(error = %e, "billing job failed");
                }
            }
        }
    });
    Ok(())
}

fn print_banner(config: &Config) {
    println!("Business Center is running at {}", config.public_url);
    if config.mode == Mode::Demo {
        println!("Demo mode. Emails: {}/mailbox", config.public_url);
        println!(
            "Demo accounts (password: {}):",
            backend::seed::DEMO_PASSWORD
        );
        for (org, user) in backend::seed::all_users() {
            println!(
                "  {:<42} {:<26} {}",
                user.email,
                format!("{:?}", user.role),
                org
            );
        }
        println!(
            "Pending invitation: {} (open it from the mailbox); expired: {}",
            backend::seed::PENDING_ADMIN,
            backend::seed::EXPIRED_ADMIN
        );
    } else {
        println!(
            "Production mode. On a new database, `server create-admin EMAIL` invites the Platform Administrator."
        );
    }
}
