ALTER TABLE `branches` ADD `secretary_name` text;--> statement-breakpoint
ALTER TABLE `branches` ADD `secretary_phone` text;--> statement-breakpoint
ALTER TABLE `branches` ADD `dissolved_at` integer;--> statement-breakpoint
ALTER TABLE `branches` ADD `merged_into_id` integer REFERENCES branches(id);--> statement-breakpoint
ALTER TABLE `regions` ADD `kind` text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE `regions` ADD `retired_at` integer;--> statement-breakpoint
ALTER TABLE `submissions` ADD `region_code` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `submissions` SET `region_code` = (SELECT `region_code` FROM `branches` WHERE `branches`.`id` = `submissions`.`branch_id`);--> statement-breakpoint
CREATE INDEX `submissions_region_idx` ON `submissions` (`region_code`);--> statement-breakpoint
CREATE INDEX `users_region_idx` ON `users` (`region_code`);--> statement-breakpoint
CREATE INDEX `users_branch_idx` ON `users` (`branch_id`);