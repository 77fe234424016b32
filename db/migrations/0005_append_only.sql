-- Append-only, enforced by the database. INSERT OR REPLACE deletes the row it replaces, which fires these
-- DELETE triggers only with PRAGMA recursive_triggers = ON: every connection the app opens sets it.
CREATE TRIGGER `form_revisions_published_no_update` BEFORE UPDATE ON `form_revisions` WHEN OLD.`status` = 'published'
BEGIN SELECT RAISE(ABORT, 'published form revisions never change'); END;
--> statement-breakpoint
CREATE TRIGGER `form_revisions_published_no_delete` BEFORE DELETE ON `form_revisions` WHEN OLD.`status` = 'published'
BEGIN SELECT RAISE(ABORT, 'published form revisions are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `submission_revisions_no_update` BEFORE UPDATE ON `submission_revisions`
BEGIN SELECT RAISE(ABORT, 'submission revisions never change'); END;
--> statement-breakpoint
CREATE TRIGGER `submission_revisions_no_delete` BEFORE DELETE ON `submission_revisions`
BEGIN SELECT RAISE(ABORT, 'submission revisions are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `evaluations_no_update` BEFORE UPDATE ON `evaluations`
BEGIN SELECT RAISE(ABORT, 'evaluations never change'); END;
--> statement-breakpoint
CREATE TRIGGER `evaluations_no_delete` BEFORE DELETE ON `evaluations`
BEGIN SELECT RAISE(ABORT, 'evaluations are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `reviews_no_update` BEFORE UPDATE ON `reviews`
BEGIN SELECT RAISE(ABORT, 'reviews never change'); END;
--> statement-breakpoint
CREATE TRIGGER `reviews_no_delete` BEFORE DELETE ON `reviews`
BEGIN SELECT RAISE(ABORT, 'reviews are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit entries never change'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit entries are never deleted'); END;
