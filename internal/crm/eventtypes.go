package crm

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events the CRM emits, for the event catalog. Each is
// about one lead, opportunity, activity, segment, campaign or stage, and
// carries it as it is after the change (deletions: as it was).
var EventTypes = []outbox.Type{
	{Name: EventLeadCreated, Aggregate: eventAggregateLead, Payload: Lead{}, Summary: "A lead was created (by hand, import, API or the website form)."},
	{Name: EventLeadUpdated, Aggregate: eventAggregateLead, Payload: Lead{}, Summary: "A lead's details changed."},
	{Name: EventLeadContacted, Aggregate: eventAggregateLead, Payload: Lead{}, Summary: "A lead was contacted."},
	{Name: EventLeadQualified, Aggregate: eventAggregateLead, Payload: Lead{}, Summary: "A lead was qualified."},
	{Name: EventLeadDisqualified, Aggregate: eventAggregateLead, Payload: Lead{}, Summary: "A lead was disqualified, with the reason."},
	{Name: EventLeadConverted, Aggregate: eventAggregateLead, Payload: Lead{}, Summary: "A lead became a party and an opportunity."},
	{Name: EventOpportunityCreated, Aggregate: eventAggregateOpportunity, Payload: Opportunity{}, Summary: "An opportunity was created."},
	{Name: EventOpportunityUpdated, Aggregate: eventAggregateOpportunity, Payload: Opportunity{}, Summary: "An opportunity's amount, dates, owner or competitors changed."},
	{Name: EventOpportunityStageChanged, Aggregate: eventAggregateOpportunity, Payload: Opportunity{}, Summary: "An opportunity moved to another pipeline stage."},
	{Name: EventOpportunityWon, Aggregate: eventAggregateOpportunity, Payload: Opportunity{}, Summary: "An opportunity was won."},
	{Name: EventOpportunityLost, Aggregate: eventAggregateOpportunity, Payload: Opportunity{}, Summary: "An opportunity was lost, with the reason."},
	{Name: EventActivityCreated, Aggregate: eventAggregateActivity, Payload: Activity{}, Summary: "A call, meeting, task, note or e-mail was logged."},
	{Name: EventActivityUpdated, Aggregate: eventAggregateActivity, Payload: Activity{}, Summary: "An activity changed."},
	{Name: EventActivityCompleted, Aggregate: eventAggregateActivity, Payload: Activity{}, Summary: "An activity was done."},
	{Name: EventActivityDue, Aggregate: eventAggregateActivity, Payload: Activity{}, Summary: "An activity's reminder time came (published by a background job)."},
	{Name: EventSegmentCreated, Aggregate: eventAggregateSegment, Payload: Segment{}, Summary: "A segment was created."},
	{Name: EventSegmentUpdated, Aggregate: eventAggregateSegment, Payload: Segment{}, Summary: "A segment's criteria changed."},
	{Name: EventSegmentDeleted, Aggregate: eventAggregateSegment, Payload: Segment{}, Summary: "A segment was deleted."},
	{Name: EventCampaignCreated, Aggregate: eventAggregateCampaign, Payload: Campaign{}, Summary: "A campaign was created."},
	{Name: EventCampaignUpdated, Aggregate: eventAggregateCampaign, Payload: Campaign{}, Summary: "A campaign changed."},
	{Name: EventCampaignMembersAdded, Aggregate: eventAggregateCampaign, Payload: CampaignMembersAdded{}, Summary: "Parties were added to a campaign."},
	{Name: EventStageCreated, Aggregate: eventAggregateStage, Payload: Stage{}, Summary: "A pipeline stage was created."},
	{Name: EventStageUpdated, Aggregate: eventAggregateStage, Payload: Stage{}, Summary: "A pipeline stage changed."},
	{Name: EventStageDeleted, Aggregate: eventAggregateStage, Payload: Stage{}, Summary: "A pipeline stage was deleted."},
}
