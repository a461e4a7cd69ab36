"""The application's workflow (APPLICATION_TRANSITIONS) on the one workflow primitive, with the permission each
move needs: the applicant submits and withdraws; officers start the assessment (or decline at screening); the
moderator completes moderation; a decision-maker approves or declines a moderated application."""

from commissioning.audit.workflow import Workflow, register

from .models import APPLICATION_TRANSITIONS, Application, ApplicationStatus

S = ApplicationStatus

APPLICATION_WORKFLOW = register(
    Workflow(
        model=Application,
        table=APPLICATION_TRANSITIONS,
        actions={
            S.SUBMITTED: "application.apply",
            S.WITHDRAWN: "application.apply",
            S.IN_ASSESSMENT: "application.screen",
            (S.SUBMITTED, S.DECLINED): "application.screen",
            S.MODERATED: "application.moderate",
            S.APPROVED: "application.decide",
            (S.MODERATED, S.DECLINED): "application.decide",
        },
        noun="application",
        choices=ApplicationStatus,
        verbs={
            S.SUBMITTED: "submit",
            S.WITHDRAWN: "withdraw",
            S.IN_ASSESSMENT: "start assessment",
            S.MODERATED: "complete moderation",
            S.APPROVED: "approve",
            S.DECLINED: "decline",
        },
        labels={
            S.SUBMITTED: "Submit",
            S.WITHDRAWN: "Withdraw",
            S.IN_ASSESSMENT: "Start the assessment",
            S.MODERATED: "Complete moderation",
            S.APPROVED: "Approve",
            S.DECLINED: "Decline",
        },
    )
)
