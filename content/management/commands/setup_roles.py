"""manage.py setup_roles: the editorial groups and the fact-check workflow."""

from django.core.management.base import BaseCommand

from content.editorial.workflow import setup_fact_check_workflow


class Command(BaseCommand):
    """Create or complete Editors, Fact-checkers and Moderators, and the "Fact check" workflow.

    Runs automatically after every migrate and when an explainers index is created; running it
    again changes nothing that is already right.
    """

    help = "Create the Editors, Fact-checkers and Moderators groups and the fact-check workflow."

    def handle(self, *args, **options):
        workflow = setup_fact_check_workflow()
        pages = ", ".join(str(page) for page in workflow.workflow_pages.select_related("page"))
        self.stdout.write(f"Workflow “{workflow.name}” is attached to: {pages or 'no page yet'}.")
