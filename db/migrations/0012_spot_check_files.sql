CREATE TABLE `spot_check_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`uploaded_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `spot_check_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `spot_check_files_item_idx` ON `spot_check_files` (`item_id`);--> statement-breakpoint
CREATE INDEX `spot_check_files_sha_idx` ON `spot_check_files` (`sha256`);--> statement-breakpoint
CREATE TRIGGER `spot_check_files_no_change` BEFORE UPDATE ON `spot_check_files`
BEGIN SELECT RAISE(ABORT, 'spot check files are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `spot_check_files_no_delete` BEFORE DELETE ON `spot_check_files`
BEGIN SELECT RAISE(ABORT, 'spot check files are append-only'); END;
