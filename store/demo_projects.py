"""The project records of the demo desk: goals, measures and health for its three projects."""

from __future__ import annotations

from datetime import date, timedelta

from store.projects import Project


def sample_projects(today: date) -> list[Project]:
    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    def measure(name: str, target: str, current: str, unit: str = "") -> dict[str, str]:
        return {"name": name, "target": target, "current": current, "unit": unit}

    return [
        Project(
            name="warehouse",
            title="Warehouse move to Dock Road",
            goal="Run all inbound and outbound from the new site with no missed shipments",
            measures=[
                measure("Pallet positions ready", "2400", "1650"),
                measure("Missed shipments during move", "0", "0"),
            ],
            health="amber",
            health_reason="Racking delivery at risk; stock transfer forecast a week late",
            health_history=[
                {
                    "on": day(-6).isoformat(),
                    "at": f"{day(-6).isoformat()}T09:00:00+00:00",
                    "from": "green",
                    "to": "amber",
                    "reason": "Racking delivery at risk",
                }
            ],
            sponsor="Head of Logistics",
            owner="bob",
            stakeholders=[
                {"name": "emeka", "role": "site lead"},
                {"name": "alice", "role": "finance"},
            ],
            phase="executing",
            start=day(-60),
            target=day(50),
        ),
        Project(
            name="cutover",
            title="ERP cut-over",
            goal="Move order processing to the new ERP over one weekend",
            measures=[
                measure("Avg. order entry time", "2", "3.5", "min"),
                measure("Rehearsal duration", "10", "12", "h"),
            ],
            sponsor="CFO",
            owner="chen",
            stakeholders=[{"name": "farah", "role": "key user"}, {"name": "gus", "role": "IT ops"}],
            phase="executing",
            start=day(-90),
            target=day(50),
        ),
        Project(
            name="vendor",
            title="Carrier contract renegotiation",
            goal="Sign a two-year carrier contract at or below this year's rates",
            measures=[measure("Rate change vs. last year", "0", "+4", "%")],
            sponsor="Procurement lead",
            owner="dana",
            phase="planning",
            start=day(-10),
            target=day(42),
        ),
    ]
