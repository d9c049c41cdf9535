"""The requests sent to the model: job requirements and phone-screen questions from a job
description, and the screening of a resume against a job (a cached prefix shared by
every resume of the job, the resume fenced in the user turn)."""

from __future__ import annotations

import json

from django.conf import settings

from ai import guardrails
from ai.models import AIRun
from ai.prompts import get_prompt
from ai.providers import StructuredRequest, ToolSpec
from ai.schemas import QuestionsOutput, RequirementsOutput, ScreeningOutput, tool_schema
from ai.scoring.requirements import JobRequirements
from ai.services.context import JobContext


def _tool(prompt, model) -> ToolSpec:
    return ToolSpec(
        name=prompt.meta.get("tool", "record"),
        description=prompt.meta.get("tool_description", ""),
        input_schema=tool_schema(model),
    )


def _cached(text: str) -> dict:
    return {"type": "text", "text": text, "cache_control": {"type": "ephemeral"}}


def job_block(context: JobContext) -> str:
    """The job part of the stable prefix: identical for every resume of the job."""
    reqs = context.requirements
    lines = [
        "<job>",
        f"Title: {context.title or reqs.title or '(untitled)'}",
        f"Seniority: {reqs.seniority}",
    ]
    if reqs.min_years:
        lines.append(f"Minimum years of experience: {reqs.min_years:g}")
    lines += ["", "Requirements to assess (one entry each, by id, in this order):"]
    for item in context.items:
        label = "must-have" if item["must_have"] else "nice-to-have"
        years = f", at least {item['min_years']:g} years" if item.get("min_years") else ""
        lines.append(
            f"- id={item['id']} [{label}, weight {item['weight']:g}{years}]: {item['text']}"
        )
    if reqs.knockouts:
        lines += ["", "Knock-out conditions (checked on the phone, not scored here):"]
        lines += [f"- {k}" for k in reqs.knockouts]
    description = guardrails.neutralise_tags(context.description or "")[:12000]
    lines += ["", "The job description as posted:", "<description>", description, "</description>"]
    lines.append("</job>")
    return "\n".join(lines)


def build_screen_request(
    context: JobContext, resume_text: str, profile: dict | None = None
) -> StructuredRequest:
    """The screening request. The resume's fence has a new random name each time: it goes in
    the user turn, after the cached prefix (instructions and job), which stays the same.
    ``profile`` (the stored parse) lets the offline scorer skip reading the resume again."""
    prompt = get_prompt("screen_resume")
    fence = guardrails.new_boundary()
    return StructuredRequest(
        purpose=AIRun.Purpose.SCREEN,
        prompt_version=prompt.version,
        system_blocks=[
            {"type": "text", "text": prompt.text},
            # Tools, instructions and the job: the prefix every resume of the job shares.
            _cached(job_block(context)),
        ],
        messages=[
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": guardrails.fence_resume(resume_text, boundary=fence)
                        + "\n\nAssess this resume against every requirement in <job> and call "
                        f"{prompt.meta.get('tool', 'record_screening')}.",
                    }
                ],
            }
        ],
        tool=_tool(prompt, ScreeningOutput),
        max_tokens=settings.AI_MAX_OUTPUT_TOKENS,
        inputs={
            "requirements": context.requirements.to_dict(),
            "resume_text": resume_text,
            "profile": profile,
            "job_description": context.description,
            "fence": fence,
        },
    )


def build_requirements_request(*, title: str, description: str) -> StructuredRequest:
    prompt = get_prompt("job_requirements")
    text = guardrails.neutralise_tags(description)[:20000]
    return StructuredRequest(
        purpose=AIRun.Purpose.REQUIREMENTS,
        prompt_version=prompt.version,
        system_blocks=[_cached(prompt.text)],
        messages=[
            {
                "role": "user",
                "content": f"Job title: {title}\n<description>\n{text}\n</description>\n"
                f"Call {prompt.meta.get('tool')} with the requirements.",
            }
        ],
        tool=_tool(prompt, RequirementsOutput),
        max_tokens=settings.AI_MAX_OUTPUT_TOKENS,
        inputs={"job_description": description, "title": title},
    )


def build_questions_request(
    *, title: str, description: str, requirements: JobRequirements
) -> StructuredRequest:
    prompt = get_prompt("screening_questions")
    text = guardrails.neutralise_tags(description)[:12000]
    return StructuredRequest(
        purpose=AIRun.Purpose.QUESTIONS,
        prompt_version=prompt.version,
        system_blocks=[_cached(prompt.text)],
        messages=[
            {
                "role": "user",
                "content": f"Job title: {title}\nStructured requirements:\n"
                f"{json.dumps(requirements.to_dict(), indent=1)}\n"
                f"<description>\n{text}\n</description>\n"
                f"Call {prompt.meta.get('tool')} with the questions.",
            }
        ],
        tool=_tool(prompt, QuestionsOutput),
        max_tokens=settings.AI_MAX_OUTPUT_TOKENS,
        inputs={"requirements": requirements.to_dict(), "title": title},
    )
