"""/assurance/…: the audit programme (ISO 10002 8.5) and the management reviews (8.6)."""

from django.urls import path

from .pages import audits, reviews

app_name = "assurance"
urlpatterns = [
    path("assurance/", audits.home, name="home"),
    path("assurance/plans/new/", audits.plan_new, name="plan_new"),
    path("assurance/plans/<int:plan>/", audits.plan, name="plan"),
    path("assurance/audits/<int:audit>/", audits.audit, name="audit"),
    path("assurance/audits/<int:audit>/draw/", audits.draw, name="draw"),
    path("assurance/audits/<int:audit>/answers/", audits.answer, name="answer"),
    path("assurance/audits/<int:audit>/findings/", audits.finding, name="finding"),
    path("assurance/audits/<int:audit>/actions/", audits.finding_action, name="finding_action"),
    path("assurance/audits/<int:audit>/report/", audits.report, name="report"),
    path("assurance/audits/<int:audit>/report.pdf", audits.report_pdf, name="report_pdf"),
    path("assurance/reviews/", reviews.review_list, name="reviews"),
    path("assurance/reviews/new/", reviews.review_new, name="review_new"),
    path("assurance/reviews/pack.pdf", reviews.pack_preview, name="pack_preview"),
    path("assurance/reviews/<int:review>/", reviews.review, name="review"),
    path("assurance/reviews/<int:review>/decisions/", reviews.decision, name="decision"),
    path("assurance/reviews/<int:review>/pack.pdf", reviews.pack, name="pack"),
]
