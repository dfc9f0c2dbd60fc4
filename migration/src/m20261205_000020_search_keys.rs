//! Search keys: `users.name_key` and `creators.expertise_key` hold the name and the expertise
//! in `domain::search::search_key` form (Unicode lower case, composed), so a search for
//! "élodie" finds "Élodie" on SQLite, whose `lower()` folds ASCII only, as on PostgreSQL
//! whatever its collation. Existing rows are filled here, by the same function.

use domain::search::search_key;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, TryGetable};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Name,
    NameKey,
}

#[derive(DeriveIden)]
enum Creators {
    Table,
    Id,
    Expertise,
    ExpertiseKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::NameKey).string_len(400).not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Creators::Table)
                    .add_column(ColumnDef::new(Creators::ExpertiseKey).text().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let users =
            db.query_all(&Query::select().columns([Users::Id, Users::Name]).from(Users::Table).to_owned()).await?;
        for row in users {
            let (id, name) =
                (uuid_of(&row, "id")?, String::try_get(&row, "", "name").map_err(|e| DbErr::Custom(format!("{e:?}")))?);
            db.execute(
                &Query::update()
                    .table(Users::Table)
                    .value(Users::NameKey, search_key(&name))
                    .and_where(Expr::col(Users::Id).eq(id))
                    .to_owned(),
            )
            .await?;
        }
        let creators = db
            .query_all(&Query::select().columns([Creators::Id, Creators::Expertise]).from(Creators::Table).to_owned())
            .await?;
        for row in creators {
            let id = uuid_of(&row, "id")?;
            let expertise =
                Option::<String>::try_get(&row, "", "expertise").map_err(|e| DbErr::Custom(format!("{e:?}")))?;
            db.execute(
                &Query::update()
                    .table(Creators::Table)
                    .value(Creators::ExpertiseKey, expertise.as_deref().map(search_key))
                    .and_where(Expr::col(Creators::Id).eq(id))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Creators::Table).drop_column(Creators::ExpertiseKey).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::NameKey).to_owned()).await
    }
}

/// A row's id as stored: a UUID on PostgreSQL, its text (or bytes) on SQLite.
fn uuid_of(
    row: &sea_orm_migration::sea_orm::QueryResult,
    column: &str,
) -> Result<sea_orm_migration::sea_orm::prelude::Uuid, DbErr> {
    sea_orm_migration::sea_orm::prelude::Uuid::try_get(row, "", column).map_err(|e| DbErr::Custom(format!("{e:?}")))
}
