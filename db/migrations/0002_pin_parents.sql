ALTER TABLE `ruleset_revisions` ADD `parents` text;--> statement-breakpoint
CREATE TRIGGER `ruleset_revisions_published_no_update` BEFORE UPDATE ON `ruleset_revisions` WHEN OLD.`status` = 'published'
BEGIN SELECT RAISE(ABORT, 'published rule-set revisions never change'); END;
--> statement-breakpoint
CREATE TRIGGER `ruleset_revisions_published_no_delete` BEFORE DELETE ON `ruleset_revisions` WHEN OLD.`status` = 'published'
BEGIN SELECT RAISE(ABORT, 'published rule-set revisions are never deleted'); END;
