"""Core schema: station, operators, persons, the three record kinds, audit and change log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('change_log',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('op', sa.String(length=1), nullable=False),
    sa.Column('changed_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sqlite_autoincrement=True
    )
    op.create_table('station',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('division_code', sa.String(length=12), nullable=False),
    sa.Column('county_center', sa.String(), nullable=False),
    sa.Column('case_prefix', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=False),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('referral_forward_days', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('operator',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('username', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('password_hash', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('operator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_operator_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_operator_username'), ['username'], unique=True)

    op.create_table('person',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('name_keys', sa.String(), nullable=False),
    sa.Column('sex', sa.String(), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('ethnicity', sa.String(), nullable=False),
    sa.Column('id_type', sa.String(), nullable=False),
    sa.Column('id_number', sa.String(), nullable=True),
    sa.Column('phone', sa.String(), nullable=False),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('household_registration', sa.String(), nullable=False),
    sa.Column('occupation', sa.String(), nullable=False),
    sa.Column('employer', sa.String(), nullable=False),
    sa.Column('special_groups', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_document', ['id_type', 'id_number'], unique=True, sqlite_where=sa.text('id_number IS NOT NULL'))
        batch_op.create_index(batch_op.f('ix_person_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_name_keys'), ['name_keys'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_station_id'), ['station_id'], unique=False)

    op.create_table('aid_referral',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('applicant_id', sa.String(), nullable=False),
    sa.Column('agent_name', sa.String(), nullable=False),
    sa.Column('agent_relation', sa.String(), nullable=False),
    sa.Column('agent_phone', sa.String(), nullable=False),
    sa.Column('matter', sa.String(), nullable=False),
    sa.Column('matter_detail', sa.String(), nullable=False),
    sa.Column('procedural_role', sa.String(), nullable=False),
    sa.Column('stage', sa.String(), nullable=False),
    sa.Column('cause_of_action', sa.String(), nullable=False),
    sa.Column('facts', sa.String(), nullable=False),
    sa.Column('request', sa.String(), nullable=False),
    sa.Column('hardship_route', sa.String(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=True),
    sa.Column('monthly_income_fen', sa.Integer(), nullable=True),
    sa.Column('property_note', sa.String(), nullable=False),
    sa.Column('limitation_deadline', sa.Date(), nullable=True),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('materials_received', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('forwarded_to', sa.String(), nullable=False),
    sa.Column('forwarded_on', sa.Date(), nullable=True),
    sa.Column('center_received_on', sa.Date(), nullable=True),
    sa.Column('decision', sa.String(), nullable=True),
    sa.Column('decision_on', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.String(), nullable=False),
    sa.Column('assigned_lawyer', sa.String(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('operator_id', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['applicant_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('station_id', 'year', 'seq')
    )
    with op.batch_alter_table('aid_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aid_referral_applicant_id'), ['applicant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_referral_applied_on'), ['applied_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_referral_matter'), ['matter'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_referral_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_referral_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_referral_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_referral_status'), ['status'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('operator_id', sa.String(), nullable=True),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('record_type', sa.String(), nullable=False),
    sa.Column('record_id', sa.String(), nullable=False),
    sa.Column('detail', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_record_id'), ['record_id'], unique=False)

    op.create_table('consultation',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('occurred_at', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('person_id', sa.String(), nullable=True),
    sa.Column('topic', sa.String(), nullable=False),
    sa.Column('question', sa.String(), nullable=False),
    sa.Column('answer', sa.String(), nullable=False),
    sa.Column('handling_result', sa.String(), nullable=False),
    sa.Column('referred_to', sa.String(), nullable=False),
    sa.Column('operator_id', sa.String(), nullable=False),
    sa.Column('minutes_spent', sa.Integer(), nullable=True),
    sa.Column('satisfaction', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('station_id', 'year', 'seq')
    )
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_topic'), ['topic'], unique=False)

    op.create_table('mediation_case',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('referring_body', sa.String(), nullable=False),
    sa.Column('dispute_type', sa.String(), nullable=False),
    sa.Column('facts', sa.String(), nullable=False),
    sa.Column('claims', sa.String(), nullable=False),
    sa.Column('amount_involved_fen', sa.Integer(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('extension_days', sa.Integer(), nullable=False),
    sa.Column('extension_reason', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('concluded_on', sa.Date(), nullable=True),
    sa.Column('status_reason', sa.String(), nullable=False),
    sa.Column('mediator_id', sa.String(), nullable=False),
    sa.Column('co_mediators', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['operator.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('station_id', 'year', 'seq')
    )
    with op.batch_alter_table('mediation_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_case_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_case_dispute_type'), ['dispute_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_case_mediator_id'), ['mediator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_case_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_case_registered_on'), ['registered_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_case_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_case_status'), ['status'], unique=False)

    op.create_table('status_change',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(), nullable=False),
    sa.Column('record_id', sa.String(), nullable=False),
    sa.Column('from_status', sa.String(), nullable=True),
    sa.Column('to_status', sa.String(), nullable=False),
    sa.Column('changed_at', sa.String(length=32), nullable=False),
    sa.Column('operator_id', sa.String(), nullable=True),
    sa.Column('reason', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_change_station_id'), ['station_id'], unique=False)

    op.create_table('follow_up',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.String(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('performance', sa.String(), nullable=False),
    sa.Column('satisfaction', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('operator_id', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], ),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_station_id'), ['station_id'], unique=False)

    op.create_table('mediation_agreement',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.String(), nullable=False),
    sa.Column('form', sa.String(), nullable=False),
    sa.Column('terms', sa.String(), nullable=False),
    sa.Column('responsibility', sa.String(), nullable=False),
    sa.Column('performance_manner', sa.String(), nullable=False),
    sa.Column('performance_place', sa.String(), nullable=False),
    sa.Column('performance_deadline', sa.Date(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('amount_agreed_fen', sa.Integer(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('judicial_confirmation_applied', sa.Boolean(), nullable=False),
    sa.Column('judicial_confirmation_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    with op.batch_alter_table('mediation_agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_agreement_effective_on'), ['effective_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_agreement_station_id'), ['station_id'], unique=False)

    op.create_table('mediation_party',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(), nullable=True),
    sa.Column('org_name', sa.String(), nullable=False),
    sa.Column('org_representative', sa.String(), nullable=False),
    sa.Column('org_address', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mediation_party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_party_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_party_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_party_station_id'), ['station_id'], unique=False)

    op.create_table('mediation_session',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.String(), nullable=False),
    sa.Column('held_at', sa.String(length=32), nullable=False),
    sa.Column('place', sa.String(), nullable=False),
    sa.Column('attendees', sa.String(), nullable=False),
    sa.Column('record', sa.String(), nullable=False),
    sa.Column('mediator_id', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], ),
    sa.ForeignKeyConstraint(['mediator_id'], ['operator.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_session_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_session_station_id'), ['station_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_session_station_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_session_case_id'))

    op.drop_table('mediation_session')
    with op.batch_alter_table('mediation_party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_party_station_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_party_person_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_party_case_id'))

    op.drop_table('mediation_party')
    with op.batch_alter_table('mediation_agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_agreement_station_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_agreement_effective_on'))

    op.drop_table('mediation_agreement')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_station_id'))
        batch_op.drop_index(batch_op.f('ix_follow_up_case_id'))

    op.drop_table('follow_up')
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_station_id'))
        batch_op.drop_index(batch_op.f('ix_status_change_record_id'))

    op.drop_table('status_change')
    with op.batch_alter_table('mediation_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_case_status'))
        batch_op.drop_index(batch_op.f('ix_mediation_case_station_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_case_registered_on'))
        batch_op.drop_index(batch_op.f('ix_mediation_case_number'))
        batch_op.drop_index(batch_op.f('ix_mediation_case_mediator_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_case_dispute_type'))
        batch_op.drop_index(batch_op.f('ix_mediation_case_deadline'))

    op.drop_table('mediation_case')
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_topic'))
        batch_op.drop_index(batch_op.f('ix_consultation_station_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_person_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_operator_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_consultation_number'))

    op.drop_table('consultation')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_record_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_operator_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))

    op.drop_table('audit_entry')
    with op.batch_alter_table('aid_referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aid_referral_status'))
        batch_op.drop_index(batch_op.f('ix_aid_referral_station_id'))
        batch_op.drop_index(batch_op.f('ix_aid_referral_operator_id'))
        batch_op.drop_index(batch_op.f('ix_aid_referral_number'))
        batch_op.drop_index(batch_op.f('ix_aid_referral_matter'))
        batch_op.drop_index(batch_op.f('ix_aid_referral_applied_on'))
        batch_op.drop_index(batch_op.f('ix_aid_referral_applicant_id'))

    op.drop_table('aid_referral')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_station_id'))
        batch_op.drop_index(batch_op.f('ix_person_name_keys'))
        batch_op.drop_index(batch_op.f('ix_person_name'))
        batch_op.drop_index('ix_person_document', sqlite_where=sa.text('id_number IS NOT NULL'))

    op.drop_table('person')
    with op.batch_alter_table('operator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_operator_username'))
        batch_op.drop_index(batch_op.f('ix_operator_station_id'))

    op.drop_table('operator')
    op.drop_table('station')
    op.drop_table('change_log')

