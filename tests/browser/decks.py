"""Call decks written for the presentation and browser tests (our own words, no corpus text)."""

from __future__ import annotations

from pathlib import Path

from sphinxcontrib_scscall.testing import Build, build, write_project

DECK = "community-calls/2031-03-06"
LONG_DECK = "community-calls/2031-03-13"
TITLE = "Weekly Community Call"
SURVEY_URL = "https://forms.example.org/s/call-format-2031"
TITLE_NOTE = "Welcome everybody and remind people to mute."
TOPIC_NOTE = "Ask about the timetable of the review."
SHRUNK_TOPIC = "Everything else we touched this week"
SURVEY_NOTE = "Mention that the survey closes at the end of the month."

#: slides per horizontal position of DECK: title, housekeeping, team report
#: (title + two topics), events, survey
DECK_LAYOUT = [1, 1, 3, 1, 1]

TITLE_BACKGROUND = """<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="#e8f7f2"/><stop offset="1" stop-color="#e6eefc"/></linearGradient></defs>
<rect width="1920" height="1080" fill="url(#g)"/></svg>
"""

DECK_SOURCE = f"""---
call-presenter: octo-cat
---

# {TITLE}

```{{revealjs-section}}
:data-background-image: /_static/title-background.svg
```

```{{revealjs-notes}}
{TITLE_NOTE}
```

## Housekeeping

- The recording starts now
- Please add yourself to the attendance list

:::{{team-report}} iaas
:reporter: alice-doe, @bob-roe
:minutes: https://github.com/example/minutes/blob/main/iaas/20310305.md

We looked at the storage backlog this week.

## Volume types

- agreed on a naming rule for volume types
- the draft is in review

```{{revealjs-notes}}
{TOPIC_NOTE}
```

## Flavor naming

- two new flavors were proposed
:::

:::{{upcoming-events}}
- 2031-03-10 Hack day on networking
- 2031-03-12/14 Open infrastructure conference, Lisbon
- 2031-04-01 Release planning
:::

:::{{survey-callout}} {SURVEY_URL}
:duration: 3 minutes
:anonymous:
:deadline: 2031-03-31

Tell us what you think about the format of this call. **Thank you!**

```{{revealjs-notes}}
{SURVEY_NOTE}
```
:::
"""

# As long as the longest slides of the real decks (nested lists with long
# links, a dozen mixed lines, deep lists of long sentences, many events), and
# one topic longer than any of them, which has to shrink to fit.
LONG_DECK_SOURCE = """# Community Call with long slides

:::{team-report} Working group on standards
:reporter: alice-doe, bob-roe, carol-poe, dan-moe

This group keeps the conformance tests and the certification scopes in step with the
standards and reports here every week about the state of each of them in some detail.

## Stabilising the next certification scope

- [Stabilising the next scope of the compatible infrastructure tests](https://example.org/standards/pull/824)
    - [the mandatory service list](https://docs.example.org/standards/scs-0123-v1-mandatory-and-supported-services) was stabilised and added since last week
    - the new version becomes effective on the first of the coming month
    - the previous version turns into a warning state at the start of next year
- Progress on certifying the container layer
    - plugins now create the clusters under test on the fly
        - three of them exist, a fourth is work in progress
    - network policies are standardised in [scs-0219-v1](https://docs.example.org/standards/scs-0219-v1-kaas-networking), tested via the usual suite
    - the last moving part is the [node distribution standard](https://docs.example.org/standards/scs-0214-v2-k8s-node-distribution), which has to live without a full test for now because a label is missing in the providers, so the wording of the test is adjusted
    - the new scope is expected early next week
- Another operator wants to adopt the standards

## Encrypted traffic between workloads

**Encryption between user workloads**

- Idea: a network plugin that secures the traffic between workloads automatically
- Concerns about how feasible this is were raised
- The attacker model is specified first, until the next meeting
- An upstream patch is still waiting for review
- Next steps are being discussed
- Chat notifications from the CI work well and are stabilised next week
- The monitoring of the test bed is now part of the observability cluster
- The default view of the status page is available next week

**Cluster stack provider**

Making some fields optional was proposed in [an issue](https://example.org/cluster-stack-provider/issues/90)

- valuable input from the community was collected
- the discussion moved to that issue

## Federation

- A long discussion on the [requirements and design of the next federation](https://example.org/federation-design-document)
    - Definitions were added: identity provider, broker, service provider, tenant and tenant root account
        - the tenant root account is the role at the customer who manages the tenant in self-service, as far as that can be enabled
    - Two cases: an identity provider per tenant (the corporate one) and a global one such as a social login
    - Social logins that go through a corporate identity provider count as corporate from our point of view
    - Rather than dropping attributes such as groups from global providers, they could be prefixed so that they are safe to use, and the tenant root account decides what they grant
    - Provisioning an account at its first login remains a challenge: are individual invitation links needed?
        - a provisioning protocol would help here

## Everything else we touched this week

- item 1 of a list far too long for one slide at the normal text size
- item 2 of a list far too long for one slide at the normal text size
- item 3 of a list far too long for one slide at the normal text size
- item 4 of a list far too long for one slide at the normal text size
- item 5 of a list far too long for one slide at the normal text size
- item 6 of a list far too long for one slide at the normal text size
- item 7 of a list far too long for one slide at the normal text size
- item 8 of a list far too long for one slide at the normal text size
- item 9 of a list far too long for one slide at the normal text size
- item 10 of a list far too long for one slide at the normal text size
- item 11 of a list far too long for one slide at the normal text size
- item 12 of a list far too long for one slide at the normal text size
- item 13 of a list far too long for one slide at the normal text size
- item 14 of a list far too long for one slide at the normal text size
- item 15 of a list far too long for one slide at the normal text size
- item 16 of a list far too long for one slide at the normal text size
- item 17 of a list far too long for one slide at the normal text size
- item 18 of a list far too long for one slide at the normal text size
- item 19 of a list far too long for one slide at the normal text size
- item 20 of a list far too long for one slide at the normal text size
- item 21 of a list far too long for one slide at the normal text size
- item 22 of a list far too long for one slide at the normal text size
- item 23 of a list far too long for one slide at the normal text size
- item 24 of a list far too long for one slide at the normal text size
:::

:::{upcoming-events}
- 2031-03-14 Tech talk: standards, conformance and everything in between (@alice-doe, @bob-roe)
- 2031-03-17/18 Community day on container platforms with several talks and a workshop
- 2031-03-19 Geodata web talk (online) with a talk about sovereign infrastructure
- 2031-03-24/25 Symposium on open source program offices, with a side event about us
- 2031-04-03 Open source forum of the industry association, Erfurt, with a talk
- 2031-04-08/10 Computer science conference in Wiesbaden with a workshop, a talk and a panel discussion
- 2031-04-22/23 Summit of the open infrastructure association, Dresden
- 2031-04-24 Seminar of the public sector magazine in Neuss (to be decided)
- 2031-05-06 Open operations meetup with lightning talks
- 2031-05-14/16 Cloud native conference, with a booth shared with partners
- 2031-05-20 Hackathon on the next release, all day, remote and on site
- 2031-06-02 Release of the next version
:::

:::{survey-callout} https://forms.example.org/s/a-rather-long-survey-address-with-many-characters-0123456789
:title: Review of our community work
:duration: 5 minutes
:anonymous:
:deadline: 2031-04-15

Since the funding period of the project is coming to an end we want to review how we work
with the community: the calls, the documentation, the meetups and the chat. Please tell
us what worked for you and what did not, and what you would like us to keep doing.
**Thank you for participating!**
:::
"""


def write_decks(root: Path, conf: str | None = None) -> Path:
    """A project holding both decks and the title slide's background image."""
    files = {
        f"{DECK}.md": DECK_SOURCE,
        f"{LONG_DECK}.md": LONG_DECK_SOURCE,
        "_static/title-background.svg": TITLE_BACKGROUND,
        "index.md": "# Call archive\n\nThe weekly calls of the community.\n",
    }
    base_conf = 'extensions = ["sphinxcontrib_scscall"]\nexclude_patterns = ["_build"]\n'
    # Sphinx's search fetches each hit's page for a summary, which Chromium
    # refuses (and logs as an error) on file://; served archives keep it
    no_summaries = "html_show_search_summary = False\n"
    files["conf.py"] = base_conf + 'html_static_path = ["_static"]\n' + no_summaries + (conf or "")
    return write_project(root, files)


def build_decks(
    root: Path,
    conf: str | None = None,
    builders: tuple[str, ...] = ("html", "revealjs"),
    html_theme: str = "alabaster",
) -> dict[str, Build]:
    """The decks built as the HTML archive and as slides."""
    source = write_decks(root, conf)
    # an override: Sphinx's test app would otherwise use its bare "basic" theme
    overrides = {"html_theme": html_theme}
    return {builder: build(source, builder, confoverrides=overrides) for builder in builders}
