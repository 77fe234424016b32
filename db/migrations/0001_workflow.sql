CREATE TABLE `submission_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`domain` text NOT NULL,
	`year` integer NOT NULL,
	`data` text NOT NULL,
	`author_id` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submission_drafts_branch_year_uq` ON `submission_drafts` (`branch_id`,`domain`,`year`);--> statement-breakpoint
ALTER TABLE `reviews` ADD `target_region_code` text REFERENCES regions(code);