// Hand-written TypeScript against the types json-schema-to-typescript generates from the
// DescribeContact schemas: a response literal with a nested routing expression and a nested
// segment attribute must type-check under --strict, and the marked lines must not.
import type { DescribeContactInput } from "./DescribeContact_input";
import type { DescribeContactOutput, Expression, SegmentAttributeValue } from "./DescribeContact_output";

const request: DescribeContactInput = { InstanceId: "i-1", ContactId: "c-1" };

const nestedExpression: Expression = {
  AndExpression: [
    { AttributeCondition: { Name: "Tech", ProficiencyLevel: 3, ComparisonOperator: "NumberGreaterOrEqualTo" } },
    {
      OrExpression: [
        { AttributeCondition: { Name: "Language", Value: "English", Range: { MinProficiencyLevel: 1, MaxProficiencyLevel: 4.5 } } },
        { AndExpression: [{ NotAttributeCondition: { Name: "Tier", Value: "Gold" } }] },
      ],
    },
  ],
};

const nestedSegment: SegmentAttributeValue = {
  ValueMap: {
    level2: { ValueList: [{ ValueInteger: 7 }, { ValueMap: { level4: { ValueArn: "arn:aws:connect:::x" } } }] },
  },
};

export const response: DescribeContactOutput = {
  Contact: {
    Id: "c-1",
    Channel: "VOICE",
    InitiationMethod: "SOMETHING_AWS_ADDED_LATER", // enums are open in output schemas
    InitiationTimestamp: "2024-05-01T12:30:15.250000Z",
    Tags: { team: "support" },
    RoutingCriteria: { Index: 0, Steps: [{ Status: "ACTIVE", Expression: nestedExpression }] },
    SegmentAttributes: { "connect:Nested": nestedSegment, "connect:Subtype": { ValueString: "connect:Guide" } },
  },
  ResponseMetadata: { RequestId: "r-1", HTTPStatusCode: 200 },
};

// @ts-expect-error a required input member is missing
export const missing: DescribeContactInput = { InstanceId: "i-1" };
// @ts-expect-error input schemas reject unknown properties
export const unknown: DescribeContactInput = { ...request, Extra: 1 };
// @ts-expect-error a proficiency level is a number
export const wrongType: Expression = { AttributeCondition: { ProficiencyLevel: "high" } };
