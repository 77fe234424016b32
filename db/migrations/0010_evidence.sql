CREATE TABLE `evidence_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`domain` text NOT NULL,
	`year` integer NOT NULL,
	`material_id` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`uploaded_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_by` integer,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`withdrawn_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_files_branch_year_idx` ON `evidence_files` (`branch_id`,`domain`,`year`);--> statement-breakpoint
CREATE INDEX `evidence_files_sha_idx` ON `evidence_files` (`sha256`);--> statement-breakpoint
CREATE TABLE `evidence_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evidence_file_id` integer NOT NULL,
	`decision` text NOT NULL,
	`reason` text,
	`reviewer_id` integer,
	`region_code` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`evidence_file_id`) REFERENCES `evidence_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_reviews_file_idx` ON `evidence_reviews` (`evidence_file_id`);--> statement-breakpoint
CREATE TABLE `revision_files` (
	`submission_revision_id` integer NOT NULL,
	`evidence_file_id` integer NOT NULL,
	FOREIGN KEY (`submission_revision_id`) REFERENCES `submission_revisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evidence_file_id`) REFERENCES `evidence_files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `revision_files_uq` ON `revision_files` (`submission_revision_id`,`evidence_file_id`);--> statement-breakpoint
ALTER TABLE `evaluations` ADD `materials` text;--> statement-breakpoint
CREATE TRIGGER `revision_files_no_update` BEFORE UPDATE ON `revision_files`
BEGIN SELECT RAISE(ABORT, 'revision_files are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `revision_files_no_delete` BEFORE DELETE ON `revision_files`
BEGIN SELECT RAISE(ABORT, 'revision_files are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_reviews_no_update` BEFORE UPDATE ON `evidence_reviews`
BEGIN SELECT RAISE(ABORT, 'evidence_reviews are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_reviews_no_delete` BEFORE DELETE ON `evidence_reviews`
BEGIN SELECT RAISE(ABORT, 'evidence_reviews are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_files_no_delete` BEFORE DELETE ON `evidence_files`
BEGIN SELECT RAISE(ABORT, 'evidence files are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_files_only_withdrawn` BEFORE UPDATE ON `evidence_files`
WHEN OLD.`withdrawn_at` IS NOT NULL OR NEW.`sha256` IS NOT OLD.`sha256` OR NEW.`material_id` IS NOT OLD.`material_id` OR NEW.`branch_id` IS NOT OLD.`branch_id`
BEGIN SELECT RAISE(ABORT, 'an evidence file is only ever withdrawn, once'); END;
