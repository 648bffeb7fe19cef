import type { Insertable } from "kysely";
import type { Db } from "../db/database";
import type { UploadsTable } from "../db/schema";

export const insertUpload = (db: Db, values: Insertable<UploadsTable>) =>
  db.insertInto("uploads").values(values).returningAll().executeTakeFirstOrThrow();

export const findUploadByName = (db: Db, fileName: string) =>
  db.selectFrom("uploads").selectAll().where("file_name", "=", fileName).executeTakeFirst();
