"""Screens: the meeting register (with the coordinator meeting's pack and review decisions),
publications, staff development and the support guide. Thin: services do the writing."""

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.core.errors import DomainError
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.support.choices import Theme

from . import services
from .forms import (
    ConferenceForm,
    GuideForm,
    MeetingForm,
    OjtPairForm,
    PublicationForm,
    RegisterFilterForm,
    ReviewDecisionForm,
    TrainingForm,
)
from .markdown import render as render_markdown
from .models import (
    Conference,
    GuidePage,
    GuideVersion,
    Meeting,
    MeetingFile,
    OjtPair,
    Publication,
    PublicationKind,
    ReviewDecision,
    Training,
)
from .worked_cases import worked_cases


def _as_date(text):
    from datetime import date

    return date.fromisoformat(text) if text else None


def _own(model, request, pk):
    return get_object_or_404(model.objects.filter(organization=request.user.organization), pk=pk)


def _closed_note(request, instance, fy: int) -> bool:
    """Whether the record's year is published: its form then says the figure will not move."""
    return instance.pk is not None and services.is_closed_year(request.user.organization_id, fy)


# --- meeting register -------------------------------------------------------------------------


@requires(Capability.MEETINGS_READ)
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.filter(organization=request.user.organization)
    years = meetings.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    form = RegisterFilterForm(request.GET or None, fiscal_years=list(years))
    meetings = form.apply(meetings).only("pk", "kind", "title", "held_on", "head_count")
    page = paginate(request, meetings.order_by("-held_on", "-pk"))
    # The page's file and decision counts: one GROUP BY each over the page's ids, not a join
    # grouped over every meeting before the LIMIT.
    ids = [m.pk for m in page]
    files = dict(
        MeetingFile.objects.filter(meeting_id__in=ids)
        .values_list("meeting_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reviews = dict(
        ReviewDecision.objects.filter(meeting_id__in=ids)
        .values_list("meeting_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for meeting in page:
        meeting.file_count = files.get(meeting.pk, 0)
        meeting.review_count = reviews.get(meeting.pk, 0)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"filter_form": form, "page": page, "query_string": params.urlencode()}
    return render(request, "meetings/list.html", context)


def _meeting_form(request, meeting=None):
    form = MeetingForm(
        request.POST or None, instance=meeting, organization=request.user.organization
    )
    before_day = meeting.held_on if meeting is not None else None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_meeting(
                form.save(commit=False), actor=request.user, before_day=before_day
            )
        except DomainError as exc:
            form.add_error("held_on", exc.message)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.title})
            return redirect("meetings:detail", pk=saved.pk)
    context = {
        "form": form,
        "meeting": meeting,
        "published": meeting is not None and _closed_note(request, meeting, meeting.fiscal_year),
    }
    return render(request, "meetings/form.html", context)


@requires(Capability.MEETINGS_MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    return _meeting_form(request)


@requires(Capability.MEETINGS_MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, _own(Meeting, request, pk))


@requires(Capability.MEETINGS_READ)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _own(Meeting, request, pk)
    reviews = list(ReviewDecision.objects.filter(meeting=meeting).order_by("pk"))
    decided = {r.row_key for r in reviews}
    open_rows = [r for r in services.rows_needing_review(meeting) if r["key"] not in decided]
    can_manage = request.user.has_capability(Capability.MEETINGS_MANAGE)
    context = {
        "meeting": meeting,
        "files": MeetingFile.objects.filter(meeting=meeting).order_by("pk"),
        "reviews": reviews,
        "pack": meeting.progress_pack,
        "pack_as_of": _as_date((meeting.progress_pack or {}).get("as_of")),
        "pack_rows": services.pack_rows(meeting),
        "review_form": ReviewDecisionForm(
            organization=request.user.organization, rows=open_rows, prefix="review"
        )
        if open_rows and can_manage
        else None,
        "can_manage": can_manage,
        "published": services.is_closed_year(request.user.organization_id, meeting.fiscal_year),
    }
    return render(request, "meetings/detail.html", context)


@requires(Capability.MEETINGS_MANAGE)
@require_POST
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _own(Meeting, request, pk)
    try:
        services.delete_record(
            meeting, actor=request.user, action_prefix="meetings.meeting", date_field="held_on"
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("meetings:detail", pk=meeting.pk)
    messages.success(request, _("Deleted %(name)s.") % {"name": meeting.title})
    return redirect("meetings:list")


@requires(Capability.MEETINGS_MANAGE)
@require_POST
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _own(Meeting, request, pk)
    decided = set(meeting.reviews.values_list("row_key", flat=True))
    rows = [r for r in services.rows_needing_review(meeting) if r["key"] not in decided]
    form = ReviewDecisionForm(
        request.POST,
        instance=ReviewDecision(meeting=meeting),
        organization=request.user.organization,
        rows=rows,
        prefix="review",
    )
    if form.is_valid():
        try:
            services.record_review(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Recorded the review decision."))
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(
            request, _("The review decision was not recorded: %(errors)s") % {"errors": errors}
        )
    return redirect("meetings:detail", pk=meeting.pk)


@requires(Capability.MEETINGS_MANAGE)
@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _own(Meeting, request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.attach_file(meeting, upload, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Attached %(name)s.") % {"name": upload.name})
    return redirect("meetings:detail", pk=meeting.pk)


@requires(Capability.MEETINGS_READ)
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    attached = _own(MeetingFile, request, pk)
    return FileResponse(attached.file.open("rb"), as_attachment=True, filename=attached.name)


# --- publications -----------------------------------------------------------------------------


@requires(Capability.MEETINGS_READ)
def publication_list(request: HttpRequest) -> HttpResponse:
    publications = Publication.objects.filter(organization=request.user.organization)
    years = publications.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    form = RegisterFilterForm(
        request.GET or None, fiscal_years=list(years), kinds=PublicationKind.choices
    )
    page = paginate(request, form.apply(publications).order_by("-published_on", "-pk"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"filter_form": form, "page": page, "query_string": params.urlencode()}
    return render(request, "meetings/publications.html", context)


def _simple_form(request, form_class, instance, *, action_prefix, date_field, back, title):
    form = form_class(
        request.POST or None, instance=instance, organization=request.user.organization
    )
    before_day = getattr(instance, date_field) if instance is not None else None
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        try:
            services.save_record(
                record, actor=request.user, action_prefix=action_prefix,
                date_field=date_field, before_day=before_day,
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(date_field, exc.message)
        else:
            form.save_m2m()
            if isinstance(form, ConferenceForm):
                record.records.set(form.cleaned_data["record_ids"])
            messages.success(request, _("Saved."))
            return redirect(back)
    published = instance is not None and _closed_note(request, instance, instance.fiscal_year) \
        if hasattr(instance, "fiscal_year") else False  # fmt: skip
    context = {"form": form, "title": title, "back": back, "published": published}
    return render(request, "meetings/simple_form.html", context)


@requires(Capability.MEETINGS_MANAGE)
@require_http_methods(["GET", "POST"])
def publication_create(request: HttpRequest) -> HttpResponse:
    return _simple_form(
        request, PublicationForm, None, action_prefix="meetings.publication",
        date_field="published_on", back="meetings:publications", title=_("Register a publication"),
    )  # fmt: skip


@requires(Capability.MEETINGS_MANAGE)
@require_http_methods(["GET", "POST"])
def publication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_form(
        request, PublicationForm, _own(Publication, request, pk),
        action_prefix="meetings.publication", date_field="published_on",
        back="meetings:publications", title=_("Edit publication"),
    )  # fmt: skip


# --- staff development ------------------------------------------------------------------------


@requires(Capability.STAFFDEV_READ)
def staffdev(request: HttpRequest) -> HttpResponse:
    org = request.user.organization
    conferences = (
        Conference.objects.filter(organization=org)
        .annotate(case_count=Count("records", distinct=True))
        .prefetch_related("attendees")
        .order_by("-held_on", "-pk")[:50]
    )
    trainings = (
        Training.objects.filter(organization=org)
        .prefetch_related("attendees")
        .order_by("-held_on", "-pk")[:50]
    )
    pairs = (
        OjtPair.objects.filter(organization=org)
        .select_related("mentor", "trainee")
        .order_by("-started_on", "-pk")[:50]
    )
    context = {"conferences": conferences, "trainings": trainings, "pairs": pairs}
    return render(request, "meetings/staffdev.html", context)


@requires(Capability.STAFFDEV_READ)
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _own(Conference, request, pk)
    records = conference.records.select_related("business", "staff").order_by("occurred_at")
    context = {"conference": conference, "records": records,
               "attendees": conference.attendees.order_by("username")}  # fmt: skip
    return render(request, "meetings/conference.html", context)


def _staffdev_form(request, form_class, instance, prefix, date_field, title):
    return _simple_form(
        request, form_class, instance, action_prefix=prefix, date_field=date_field,
        back="meetings:staffdev", title=title,
    )  # fmt: skip


@requires(Capability.STAFFDEV_MANAGE)
@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest) -> HttpResponse:
    return _staffdev_form(request, ConferenceForm, None, "meetings.conference", "held_on",
                          _("Register a support conference"))  # fmt: skip


@requires(Capability.STAFFDEV_MANAGE)
@require_http_methods(["GET", "POST"])
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _staffdev_form(request, ConferenceForm, _own(Conference, request, pk),
                          "meetings.conference", "held_on",
                          _("Edit support conference"))  # fmt: skip


@requires(Capability.STAFFDEV_MANAGE)
@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest) -> HttpResponse:
    return _staffdev_form(request, TrainingForm, None, "meetings.training", "held_on",
                          _("Register a training"))  # fmt: skip


@requires(Capability.STAFFDEV_MANAGE)
@require_http_methods(["GET", "POST"])
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _staffdev_form(request, TrainingForm, _own(Training, request, pk),
                          "meetings.training", "held_on", _("Edit training"))  # fmt: skip


@requires(Capability.STAFFDEV_MANAGE)
@require_http_methods(["GET", "POST"])
def ojt_create(request: HttpRequest) -> HttpResponse:
    return _staffdev_form(request, OjtPairForm, None, "meetings.ojtpair", "started_on",
                          _("Register an OJT pair"))  # fmt: skip


# --- support guide ----------------------------------------------------------------------------


def _theme_or_404(theme: str) -> str:
    if theme not in Theme.values:
        from django.http import Http404

        raise Http404
    return theme


@requires(Capability.STAFFDEV_READ)
def guide_index(request: HttpRequest) -> HttpResponse:
    pages = {
        p.theme: p
        for p in GuidePage.objects.filter(organization=request.user.organization).select_related(
            "current", "current__saved_by"
        )
    }
    themes = [(code, label, pages.get(code)) for code, label in Theme.choices]
    return render(request, "meetings/guide_index.html", {"themes": themes})


@requires(Capability.STAFFDEV_READ)
def guide_page(request: HttpRequest, theme: str) -> HttpResponse:
    theme = _theme_or_404(theme)
    page = (
        GuidePage.objects.filter(organization=request.user.organization, theme=theme)
        .select_related("current", "current__saved_by")
        .first()
    )
    version = page.current if page else None
    number = request.GET.get("version")
    if page and number and number.isdigit():
        version = get_object_or_404(GuideVersion.objects.select_related("saved_by"),
                                    page=page, number=int(number))  # fmt: skip
    history = (
        GuideVersion.objects.filter(page=page).select_related("saved_by").defer("body")
        if page
        else []
    )
    context = {
        "theme": theme,
        "theme_label": Theme(theme).label,
        "page": page,
        "version": version,
        "html": render_markdown(version.body) if version else "",
        "history": history,
        "cases": worked_cases(request.user, theme),
    }
    return render(request, "meetings/guide_page.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def guide_edit(request: HttpRequest, theme: str) -> HttpResponse:
    theme = _theme_or_404(theme)
    org = request.user.organization
    page = GuidePage.objects.filter(organization=org, theme=theme).select_related("current").first()
    current = page.current if page else None
    initial = (
        {"title": current.title, "body": current.body} if current else {"title": Theme(theme).label}
    )
    form = GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        page = page or GuidePage(organization=org, theme=theme)
        version = services.save_guide(page, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved version %(n)s.") % {"n": version.number})
        return redirect("meetings:guide_page", theme=theme)
    context = {"form": form, "theme": theme, "theme_label": Theme(theme).label}
    return render(request, "meetings/guide_form.html", context)
