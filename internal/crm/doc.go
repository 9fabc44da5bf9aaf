// Package crm owns the customer-relationship side of Concord: leads with
// explainable scores and a public capture form, opportunities moving
// through configurable pipeline stages (with stage history and a weighted
// forecast), activities logged against any party, lead, opportunity, order
// or ticket, and marketing's segments and campaigns with their report.
//
// It imports party (leads convert into parties and are checked against
// them with the master-data matcher) and platform packages only. What it
// needs from higher modules (sales behaviour for segments, revenue per
// campaign, whether an order or ticket exists) is plugged in by the
// composition root through the Set… and RegisterSubject methods.
//
// Events (payload: the resource): crm.lead.created.v1, crm.lead.updated.v1,
// crm.lead.contacted.v1, crm.lead.qualified.v1, crm.lead.disqualified.v1,
// crm.lead.converted.v1, crm.opportunity.created.v1,
// crm.opportunity.updated.v1, crm.opportunity.stage_changed.v1,
// crm.opportunity.won.v1, crm.opportunity.lost.v1, crm.activity.created.v1,
// crm.activity.updated.v1, crm.activity.completed.v1, crm.activity.due.v1,
// crm.segment.created.v1, crm.segment.updated.v1, crm.segment.deleted.v1,
// crm.campaign.created.v1, crm.campaign.updated.v1,
// crm.campaign.members_added.v1, crm.stage.created.v1, crm.stage.updated.v1,
// crm.stage.deleted.v1.
package crm
