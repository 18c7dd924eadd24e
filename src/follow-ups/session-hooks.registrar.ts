import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertsService } from 'src/follow-ups/alerts.service';
import { FollowUpsService } from 'src/follow-ups/follow-ups.service';
import { blocksInfusion } from 'src/follow-ups/scoring.rules';
import { SessionHooks } from 'src/sessions/session-hooks';

export const SUICIDE_RISK_CHECK = 'SUICIDE_RISK_ALERT_UNREVIEWED';

/**
 * What follow-ups adds to the session lifecycle, through the registry SessionsModule exports (no
 * import cycle): automatic follow-ups on discharge, and the suicide-risk gate before an infusion.
 */
@Injectable()
export class SessionHooksRegistrar implements OnModuleInit {
  constructor(
    private readonly hooks: SessionHooks,
    private readonly followUps: FollowUpsService,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit(): void {
    // In the discharge transaction: a failure here rolls the discharge back.
    this.hooks.onDischarged((manager, event) => this.followUps.createAutomatic(manager, event));
    // §5: PHQ-9 item 9 > 0 or a moderate/high C-SSRS → "infusion blocked until reviewed". Not
    // overridable. A low C-SSRS alert is for review only (blocksInfusion).
    this.hooks.addPreInfusionCheck(async (manager, context) => {
      const open = (
        await this.alerts.openAlertsOf(manager, context.clinicId, context.patientId, context.at)
      ).filter((a) => blocksInfusion(a.severity));
      if (open.length === 0) {
        return [];
      }
      const kinds = [...new Set(open.map((a) => a.kind))].join(', ');
      return [
        {
          check: SUICIDE_RISK_CHECK,
          message: `Unreviewed suicide-risk alert (${kinds}): a clinician must acknowledge it before the infusion`,
          overridable: false,
        },
      ];
    });
  }
}
