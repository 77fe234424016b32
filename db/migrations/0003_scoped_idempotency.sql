DROP INDEX `submission_revisions_idempotency_key_unique`;--> statement-breakpoint
ALTER TABLE `submission_revisions` ADD `idempotency_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `submission_revisions_idempotency_uq` ON `submission_revisions` (`author_id`,`idempotency_key`);