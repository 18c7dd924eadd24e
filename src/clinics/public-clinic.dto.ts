import { ApiProperty } from '@nestjs/swagger';
import { OpeningHoursDto, PostalAddressDto } from 'src/clinics/clinic.dto';
import { ClinicEntity } from 'src/clinics/clinic.entity';
import { Indication } from 'src/common/domain/indication';
import { PageOf } from 'src/common/pagination/page.dto';
import { EnumProperty, UuidProperty } from 'src/common/validation/field.decorators';

/** What a clinic shows the public (website, directories): no settings, codes or internal data. */
export class PublicClinicResponseDto {
  /** Use it as preferredClinicId when sending a consultation request. */
  @UuidProperty() id!: string;
  @ApiProperty({ example: 'Front Range Ketamine Clinic' })
  name!: string;
  address!: PostalAddressDto | null;
  phone!: string | null;
  email!: string | null;
  /** IANA time zone of the opening hours. */
  @ApiProperty({ example: 'America/Denver' })
  timezone!: string;
  hours!: OpeningHoursDto[];
  @EnumProperty(Indication, 'Indication', { isArray: true }) treatmentsOffered!: Indication[];
}

export class PublicClinicPageDto extends PageOf(PublicClinicResponseDto) {}

export function mapPublicClinic(clinic: ClinicEntity): PublicClinicResponseDto {
  return {
    id: clinic.id,
    name: clinic.name,
    address: clinic.address,
    phone: clinic.phone,
    email: clinic.email,
    timezone: clinic.timezone,
    hours: clinic.hours,
    treatmentsOffered: clinic.treatmentsOffered as Indication[],
  };
}
